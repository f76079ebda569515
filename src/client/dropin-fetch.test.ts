import assert from "node:assert/strict";
import { test } from "node:test";
import type { Gateway, GatewayRequest, GatewayResult } from "../core/gateway-types.ts";
import type { Attempt } from "../routing/attempts.ts";
import { InMemoryCooldownStore } from "./cooldown.ts";
import type { AttemptInfo } from "./dropin-fetch.ts";
import { createInProcessFetch, IN_PROCESS_BASE_URL } from "./dropin-fetch.ts";
import { normalizePools } from "./pools.ts";

/**
 * The in-process fetch is a thin face: routing (failover, cooldown, retries) is the core's,
 * tested in src/routing/attempt-loop.test.ts and src/core/routing.test.ts, and end to end in
 * openai-dropin.test.ts. Here: what the fetch sends the core and what it makes of the answer.
 */

function attempt(name: string, status: number): Attempt {
  return {
    provider: "openai",
    model: name,
    name,
    status,
    kind: status === 200 ? "ok" : "server",
    message: status === 200 ? "" : "boom",
    durationMs: 1,
  };
}

/** A core stand-in: reports two attempts (`bad` failed, `good` served) as the real one would. */
function fakeGateway(): Gateway & { seen: GatewayRequest[] } {
  const seen: GatewayRequest[] = [];
  return {
    seen,
    handle: async (req: GatewayRequest): Promise<GatewayResult> => {
      seen.push(req);
      const attempts = [attempt("bad", 500), attempt("good", 200)];
      for (const a of attempts) req.onAttempt?.(a);
      return {
        kind: "json",
        status: 200,
        headers: { "x-switchyard-model": "good" },
        body: { ok: 1 },
        attempts,
      };
    },
    handleAux: async () => ({ kind: "json", status: 500, headers: {}, body: {} }),
    models: () => [],
    close: async () => {},
  };
}

function post(path: string, body: unknown): [string, RequestInit] {
  return [
    `${IN_PROCESS_BASE_URL}${path}`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  ];
}

test("the pool name goes to the core as is; its attempts become the drop-in's headers and AttemptInfo", async () => {
  const gateway = fakeGateway();
  const infos: AttemptInfo[] = [];
  const fetch = createInProcessFetch({
    gateway,
    pools: normalizePools({ p: ["bad", "good"] }),
    cooldown: new InMemoryCooldownStore(),
    onAttempt: (a) => infos.push(a),
  });
  const res = await fetch(...post("/chat/completions", { model: "p", messages: [] }));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: 1 });
  assert.equal((gateway.seen[0]!.body as { model: string }).model, "p");
  assert.equal(res.headers.get("x-switchyard-pool"), "p");
  assert.equal(res.headers.get("x-switchyard-served-by"), "good");
  assert.equal(res.headers.get("x-switchyard-failed-over"), "bad");
  assert.equal(res.headers.get("x-switchyard-attempts"), "2");
  assert.deepEqual(
    infos.map((i) => [i.pool, i.model, i.attempt, i.status, i.ok, i.retryable]),
    [
      ["p", "bad", 1, 500, false, true],
      ["p", "good", 2, 200, true, false],
    ],
  );
});

test("an onAttempt hook that throws does not fail the request", async () => {
  const fetch = createInProcessFetch({
    gateway: fakeGateway(),
    pools: normalizePools({ p: ["bad", "good"] }),
    cooldown: new InMemoryCooldownStore(),
    onAttempt: () => {
      throw new Error("hook down");
    },
  });
  const res = await fetch(...post("/chat/completions", { model: "p", messages: [] }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-switchyard-served-by"), "good");
});

test("bad bodies, a missing model and unknown paths are OpenAI-shaped errors", async () => {
  const fetch = createInProcessFetch({
    gateway: fakeGateway(),
    pools: {},
    cooldown: new InMemoryCooldownStore(),
  });
  const bad = await fetch(`${IN_PROCESS_BASE_URL}/chat/completions`, { method: "POST", body: "{" });
  assert.equal(bad.status, 400);
  const noModel = await fetch(...post("/chat/completions", { messages: [] }));
  assert.equal(noModel.status, 400);
  assert.equal(((await noModel.json()) as { error: { param: string } }).error.param, "model");
  const unknown = await fetch(...post("/fine_tuning/jobs", {}));
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, "unknown_url");
});
