import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { type AttemptOutcome, type LoopEnv, recordStreamEnd, tryInTurn } from "./attempt-loop.ts";
import type { Attempt } from "./attempts.ts";
import { InMemoryCooldownStore } from "./cooldown.ts";
import { mulberry32 } from "./random.ts";
import { retryPolicy } from "./retry.ts";
import { InMemoryStatsStore } from "./stats.ts";

const A = { key: "openai/a", provider: "openai", model: "a", name: "a" };
const B = { key: "anthropic/b", provider: "anthropic", model: "b", name: "pool-b" };

function env(over: Partial<LoopEnv> = {}): LoopEnv & { slept: number[]; stats: InMemoryStatsStore } {
  const slept: number[] = [];
  return {
    policy: retryPolicy({ maxAttemptsPerCandidate: 1 }),
    rng: mulberry32(7),
    now: () => 1_000,
    sleep: async (ms) => {
      slept.push(ms);
    },
    stats: new InMemoryStatsStore(),
    cooldown: new InMemoryCooldownStore({ failures: 1 }),
    ...over,
    slept,
  } as LoopEnv & { slept: number[]; stats: InMemoryStatsStore };
}

const fail = (status: number, extra: Partial<ConstructorParameters<typeof SwitchyardError>[0]> = {}) =>
  new SwitchyardError({
    kind: status === 429 ? "rate_limit" : status >= 500 ? "server" : "invalid_request",
    status,
    message: `status ${status}`,
    ...extra,
  });

/** An attempt function answering from a script, one outcome per call. */
function script(...outcomes: AttemptOutcome<string>[]) {
  const calls: string[] = [];
  const fn = async (c: { name: string }): Promise<AttemptOutcome<string>> => {
    calls.push(c.name);
    return outcomes.shift() ?? { ok: true, value: `from ${c.name}` };
  };
  return { fn, calls };
}

test("fails over after a retryable failure; every attempt kept, in order, with the name as written", async () => {
  const e = env();
  const seen: Attempt[] = [];
  e.onAttempt = (a) => seen.push(a);
  const s = script({ ok: false, error: fail(503) });
  const r = await tryInTurn([A, B], e, s.fn);
  assert.equal(r.served?.value, "from pool-b");
  assert.equal(r.served?.candidate, B);
  assert.deepEqual(s.calls, ["a", "pool-b"]);
  assert.deepEqual(
    r.attempts.map((a) => [a.name, a.status, a.kind]),
    [
      ["a", 503, "server"],
      ["pool-b", 200, "ok"],
    ],
  );
  assert.deepEqual(seen, r.attempts);
  // the failure cooled `a` down (failures: 1) and counted in its stats; `b` got a success
  assert.equal(await e.cooldown.isCoolingDown(A.key, 1_000), true);
  assert.deepEqual([e.stats.get(A.key, 1_000)?.failures, e.stats.get(B.key, 1_000)?.successes], [1, 1]);
});

test("retries on the same candidate with full-jitter backoff, or after retry-after; waits are reported", async () => {
  const e = env({ policy: retryPolicy({ maxAttemptsPerCandidate: 3, baseDelayMs: 100 }) });
  const s = script({ ok: false, error: fail(500) }, { ok: false, error: fail(429, { retryAfter: 2 }) });
  const r = await tryInTurn([A, B], e, s.fn);
  assert.deepEqual(s.calls, ["a", "a", "a"]);
  assert.equal(r.served?.candidate, A);
  assert.equal(e.slept.length, 2);
  assert.ok(e.slept[0]! >= 0 && e.slept[0]! < 100, `backoff ${e.slept[0]}`);
  assert.equal(e.slept[1], 2_000);
  assert.ok(r.waitedMs >= 0);
});

test("a malformed request (400) gives up at once; a 401 of one deployment fails over", async () => {
  const bad = script({ ok: false, error: fail(400), value: "relayed 400" });
  const r1 = await tryInTurn([A, B], env(), bad.fn);
  assert.equal(r1.served, undefined);
  assert.deepEqual(bad.calls, ["a"]);
  assert.equal(r1.failed?.value, "relayed 400");
  const auth = script({ ok: false, error: fail(401) });
  const r2 = await tryInTurn([A, B], env(), auth.fn);
  assert.deepEqual(auth.calls, ["a", "pool-b"]);
  assert.equal(r2.served?.candidate, B);
});

test("every candidate failing: the last failure is returned with all attempts; the budget caps attempts", async () => {
  const e = env({ policy: retryPolicy({ maxAttemptsPerCandidate: 5, maxAttempts: 3, baseDelayMs: 1 }) });
  const s = script(...Array.from({ length: 10 }, () => ({ ok: false as const, error: fail(502) })));
  const r = await tryInTurn([A, B], e, s.fn);
  assert.equal(r.attempts.length, 3);
  assert.equal(r.failed?.error.status, 502);
  assert.equal(r.served, undefined);
});

test("connection failures are kept as such; a cancelled attempt stops the loop", async () => {
  const s = script(
    { ok: false, error: fail(502), connection: true },
    {
      ok: false,
      error: new SwitchyardError({ kind: "cancelled", status: 499, message: "client went away" }),
    },
  );
  const r = await tryInTurn([A, B, { ...B, key: "x/c", name: "c" }], env(), s.fn);
  assert.deepEqual(
    r.attempts.map((a) => a.kind),
    ["connection", "cancelled"],
  );
  assert.equal(r.served, undefined);
});

test("mayTryAgain tells an attempt whether a failure could still fail over", async () => {
  const seen: boolean[] = [];
  await tryInTurn([A, B], env(), async (_c, ctx) => {
    seen.push(ctx.mayTryAgain);
    return { ok: false, error: fail(500) };
  });
  assert.deepEqual(seen, [true, false]);
});

test("a streaming success leaves the stats to recordStreamEnd, which records total latency", async () => {
  const e = env();
  const r = await tryInTurn([A], e, async () => ({ ok: true, value: "s", ttftMs: 5, streaming: true }));
  assert.equal(r.served?.ttftMs, 5);
  assert.equal(e.stats.get(A.key, 1_000), undefined);
  await recordStreamEnd(e, A.key, { ok: true, ttftMs: 5, latencyMs: 80 });
  assert.deepEqual(e.stats.get(A.key, 1_000), { ttftMs: 5, latencyMs: 80, successes: 1, failures: 0 });
  await recordStreamEnd(e, A.key, { ok: false, ttftMs: 5, latencyMs: 9, error: fail(500) });
  assert.equal(e.stats.get(A.key, 1_000)?.failures, 1);
});

test("a cooldown store or hook that throws does not stop the loop", async () => {
  const boom = (): never => {
    throw new Error("down");
  };
  const e = env({
    cooldown: { isCoolingDown: boom, recordFailure: boom, recordSuccess: boom },
    onAttempt: boom,
  });
  const r = await tryInTurn([A, B], e, script({ ok: false, error: fail(500) }).fn);
  assert.equal(r.served?.candidate, B);
});
