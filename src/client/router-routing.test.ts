import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { RequestRecord } from "../core/record.ts";
import { responsesAnswer } from "../core/test-requests.ts";
import { startStub } from "../core/test-upstream.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { startSimulator } from "../simulator/index.ts";
import { Router } from "./router.ts";
import type { RouterOptions, RouterResponse } from "./router-types.ts";

let sim: { url: string; close(): Promise<void> };
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

function router(opts: RouterOptions = {}): Router {
  return new Router({ ...opts, retry: { baseDelayMs: 10, maxRetries: 0, ...opts.retry } })
    .register("openai", { type: "openai", apiKey: "k-o", baseURL: `${sim.url}/v1` })
    .register("anthropic", { type: "anthropic", apiKey: "k-a", baseURL: sim.url })
    .register("gemini", { type: "gemini", apiKey: "k-g", baseURL: sim.url });
}

async function drain(
  gen: AsyncGenerator<IRStreamEvent, RouterResponse, undefined>,
): Promise<{ events: IRStreamEvent[]; res: RouterResponse }> {
  const events: IRStreamEvent[] = [];
  for (;;) {
    const step = await gen.next();
    if (step.done === true) return { events, res: step.value };
    events.push(step.value);
  }
}

test("a list of models is a fallback: the first fails, the second serves", async () => {
  const records: RequestRecord[] = [];
  const r = router({ hooks: { onRecord: (rec) => records.push(rec) } });
  try {
    const res = await r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5"], input: "hello" });
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 2);
    assert.equal(res.provider, "anthropic");
    assert.equal(res.model, "claude-haiku-4-5");
    assert.equal(res.output.at(-1)?.text, "Echo: hello");
    assert.ok(res.overheadMs >= 0 && res.overheadMs <= res.durationMs);
    assert.deepEqual(
      records.map((x) => x.status),
      [500, 200],
    );
  } finally {
    await r.close();
  }
});

test("retries on a candidate come before failover (Router retry.maxRetries)", async () => {
  const r = router({ retry: { maxRetries: 1 } });
  try {
    const res = await r.create({ model: ["gpt-4o~error=503", "gemini-2.5-flash"], input: "x" });
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 3);
    assert.equal(res.provider, "gemini");
  } finally {
    await r.close();
  }
});

test("a request error is not failed over", async () => {
  const r = router();
  try {
    const res = await r.create({ model: ["gpt-4o~error=400", "claude-haiku-4-5"], input: "x" });
    assert.equal(res.error?.kind, "invalid_request");
    assert.equal(res.attempts, 1);
    assert.equal(res.provider, "openai");
  } finally {
    await r.close();
  }
});

test("the object form: round_robin alternates across calls", async () => {
  const r = router();
  try {
    const model = { strategy: "round_robin" as const, models: ["gpt-4o-mini", "claude-haiku-4-5"] };
    const a = await r.create({ model, input: "x" });
    const b = await r.create({ model, input: "x" });
    const c = await r.create({ model, input: "x" });
    assert.deepEqual([a.provider, b.provider, c.provider], ["openai", "anthropic", "openai"]);
    assert.equal(b.attempts, 1);
    assert.throws(
      () => r.create({ model: { strategy: "nope" as never, models: ["gpt-4o"] }, input: "x" }),
      SwitchyardError,
    );
    assert.throws(() => r.create({ model: ["gpt-4o", "mystery-model-9"], input: "x" }), /unknown model/);
  } finally {
    await r.close();
  }
});

test("a pool from the Router's options is a route", async () => {
  const r = router({
    pools: {
      fast: ["gemini-2.5-flash~error=500", "gpt-4o-mini"],
      spread: { strategy: "round_robin", models: ["claude-haiku-4-5", "gemini-2.5-flash"] },
    },
  });
  try {
    const res = await r.create({ model: "fast", input: "pooled" });
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 2);
    assert.equal(res.provider, "openai");
    assert.equal(res.model, "gpt-4o-mini");
    const s1 = await r.create({ model: "spread", input: "x" });
    const s2 = await r.create({ model: "spread", input: "x" });
    assert.deepEqual([s1.provider, s2.provider], ["anthropic", "gemini"]);
    const listed = await r.create({ model: ["fast"], input: "x" });
    assert.equal(listed.provider, "openai");
  } finally {
    await r.close();
  }
});

test("all candidates fail: the error lists every attempt", async () => {
  const r = router();
  try {
    const res = await r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5~error=503"], input: "x" });
    assert.ok(res.error instanceof SwitchyardError);
    assert.equal(res.attempts, 2);
    assert.equal(res.status, "failed");
    assert.match(res.error.message, /all 2 attempts failed/);
    assert.match(res.error.message, /1\) openai\/gpt-4o~error=500: 500/);
    assert.match(res.error.message, /2\) anthropic\/claude-haiku-4-5~error=503: 5\d\d/);
    assert.equal((res.error.raw as { attempts: unknown[] }).attempts.length, 2);
  } finally {
    await r.close();
  }
});

test("a deployment that keeps failing cools down and is skipped", async () => {
  const r = router({ cooldown: { failures: 1, cooldownMs: 60_000 } });
  try {
    const first = await r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5"], input: "x" });
    assert.equal(first.attempts, 2);
    const second = await r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5"], input: "x" });
    assert.equal(second.attempts, 1, "the cooling deployment is not tried");
    assert.equal(second.provider, "anthropic");
  } finally {
    await r.close();
  }
});

test("streaming fails over before the first event", async () => {
  const r = router();
  try {
    const { events, res } = await drain(
      r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5"], input: "streamed", stream: true }),
    );
    assert.equal(events[0]?.type, "response.created");
    assert.equal(events.at(-1)?.type, "response.completed");
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 2);
    assert.equal(res.provider, "anthropic");
    assert.equal(res.output.at(-1)?.text, "Echo: streamed");
    const failed = await drain(
      r.create({ model: ["gpt-4o~error=500", "claude-haiku-4-5~error=502"], input: "x", stream: true }),
    );
    assert.equal(failed.events.length, 0);
    assert.equal(failed.res.attempts, 2);
    assert.match(failed.res.error?.message ?? "", /all 2 attempts failed/);
  } finally {
    await r.close();
  }
});

test("a stream cut after its first event is not failed over", async () => {
  const r = router();
  try {
    const { events, res } = await drain(
      r.create({
        model: ["claude-haiku-4-5~disconnect=3", "gpt-4o-mini"],
        input: "a longer text to stream",
        stream: true,
      }),
    );
    assert.ok(events.length > 0);
    assert.ok(res.error instanceof SwitchyardError);
    assert.equal(res.attempts, 1);
    assert.equal(res.provider, "anthropic");
  } finally {
    await r.close();
  }
});

test("best_of: n answers at once; a select function picks, every call is reported; streamed too", async () => {
  const records: RequestRecord[] = [];
  const r = router({ hooks: { onRecord: (rec) => records.push(rec) } });
  try {
    const route = {
      strategy: "best_of" as const,
      models: ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"],
      best_of: {
        n: 3,
        select: (answers: readonly RouterResponse[]) => answers.findIndex((a) => a.provider === "gemini"),
      },
    };
    const res = await r.create({ model: route, input: "pick me" });
    assert.equal(res.error, undefined);
    assert.equal(res.provider, "gemini");
    assert.equal(res.bestOf?.picked, 2);
    assert.deepEqual(res.bestOf?.answers.map((a) => a.provider).sort(), ["anthropic", "gemini", "openai"]);
    assert.equal(records.length, 3);
    const { events, res: streamed } = await drain(r.create({ model: route, input: "pick me", stream: true }));
    assert.equal(streamed.provider, "gemini");
    assert.equal(events[0]?.type, "response.created");
    assert.equal(events.at(-1)?.type, "response.completed");
    // no selector: the longest answer (all echo the same here: the first)
    const plain = await r.create({ model: { ...route, best_of: { n: 2 } }, input: "pick me" });
    assert.equal(plain.bestOf?.picked, 0);
    await assert.rejects(
      r.create({ model: { ...route, best_of: { n: 2, select: () => 7 } }, input: "x" }),
      /best_of\.select/,
    );
  } finally {
    await r.close();
  }
});

test("best_of with a judge model: it names the answer by number; its call is the response's bestOf.judge", async () => {
  const judgeStub = await startStub((req) => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify(responsesAnswer(/## Answer 2/.test(JSON.stringify(req.json)) ? "2" : "1", 30)),
  }));
  const r = router().register("referee", { type: "openai", apiKey: "k-r", baseURL: `${judgeStub.url}/v1` });
  try {
    const res = await r.create({
      model: {
        strategy: "best_of",
        models: ["gpt-4o-mini", "claude-haiku-4-5"],
        best_of: { n: 2, judge: "referee/gpt-4o" },
      },
      input: "which?",
    });
    assert.equal(res.error, undefined);
    assert.equal(res.bestOf?.picked, 1);
    assert.equal(res.provider, "anthropic");
    assert.equal(res.bestOf?.judge?.provider, "referee");
    assert.deepEqual(res.bestOf?.judge?.usage?.input_tokens, 30);
    assert.match(JSON.stringify(judgeStub.requests[0]?.json), /which\?/);
  } finally {
    await r.close();
    await judgeStub.close();
  }
});
