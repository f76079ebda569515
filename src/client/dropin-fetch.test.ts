import assert from "node:assert/strict";
import { test } from "node:test";
import type { Gateway, GatewayRequest, GatewayResult } from "../core/gateway-types.ts";
import { type CooldownStore, InMemoryCooldownStore } from "./cooldown.ts";
import { createInProcessFetch, IN_PROCESS_BASE_URL } from "./dropin-fetch.ts";
import { normalizePools } from "./pools.ts";

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

/** A core stand-in: answers per model as the test says. */
function fakeGateway(answer: (model: string) => GatewayResult): Gateway & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    handle: async (req: GatewayRequest) => {
      const model = String((req.body as { model: string }).model);
      seen.push(model);
      return answer(model);
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

test("a 200 stream whose first event is an error fails over; the good model's stream is relayed whole", async () => {
  const gateway = fakeGateway(
    (model): GatewayResult =>
      model === "bad"
        ? {
            kind: "stream",
            status: 200,
            headers: { "content-type": "text/event-stream" },
            chunks: chunks('\n\ndata: {"error":{"message":"upstream gone","type":"server_error"}}\n\n'),
          }
        : {
            kind: "stream",
            status: 200,
            headers: { "content-type": "text/event-stream", "x-switchyard-model": model },
            chunks: chunks("data: 1\n\n", "data: 2\n\n", "data: [DONE]\n\n"),
          },
  );
  const fetch = createInProcessFetch({
    gateway,
    pools: normalizePools({ p: ["bad", "good"] }),
    cooldown: new InMemoryCooldownStore(),
    now: () => 0,
  });
  const res = await fetch(...post("/chat/completions", { model: "p", messages: [], stream: true }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-switchyard-served-by"), "good");
  assert.equal(res.headers.get("x-switchyard-failed-over"), "bad");
  assert.equal(await res.text(), "data: 1\n\ndata: 2\n\ndata: [DONE]\n\n");
  assert.deepEqual(gateway.seen, ["bad", "good"]);
});

test("a custom (asynchronous) CooldownStore is consulted and told", async () => {
  const log: string[] = [];
  const store: CooldownStore = {
    isCoolingDown: async (m) => {
      log.push(`ask ${m}`);
      return m === "cold";
    },
    recordFailure: async (m) => {
      log.push(`fail ${m}`);
    },
    recordSuccess: async (m) => {
      log.push(`ok ${m}`);
    },
  };
  const gateway = fakeGateway((model) => ({
    kind: "json",
    status: model === "flaky" ? 429 : 200,
    headers: {},
    body: { model },
  }));
  const fetch = createInProcessFetch({
    gateway,
    pools: normalizePools({ p: ["cold", "flaky", "fine"] }),
    cooldown: store,
    now: () => 0,
  });
  const res = await fetch(...post("/responses", { model: "p", input: "x" }));
  assert.deepEqual(await res.json(), { model: "fine" });
  assert.deepEqual(log, ["ask cold", "ask flaky", "ask fine", "fail flaky", "ok fine"]);
});

test("every member cooling down: they are tried anyway rather than failing untried", async () => {
  const gateway = fakeGateway(() => ({ kind: "json", status: 200, headers: {}, body: {} }));
  const fetch = createInProcessFetch({
    gateway,
    pools: normalizePools({ p: ["a", "b"] }),
    cooldown: { isCoolingDown: () => true, recordFailure: () => {}, recordSuccess: () => {} },
    now: () => 0,
  });
  const res = await fetch(...post("/chat/completions", { model: "p", messages: [] }));
  assert.equal(res.status, 200);
  assert.deepEqual(gateway.seen, ["a"]);
});

test("bad bodies, a missing model and unknown paths are OpenAI-shaped errors", async () => {
  const fetch = createInProcessFetch({
    gateway: fakeGateway(() => ({ kind: "json", status: 200, headers: {}, body: {} })),
    pools: {},
    cooldown: { isCoolingDown: () => false, recordFailure: () => {}, recordSuccess: () => {} },
    now: () => 0,
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

test("a cooldown store or onAttempt hook that throws does not fail the request", async () => {
  const fail = (): never => {
    throw new Error("backend down");
  };
  const fetch = createInProcessFetch({
    gateway: fakeGateway((model) => ({
      kind: "json",
      status: model === "a" ? 500 : 200,
      headers: {},
      body: {},
    })),
    pools: normalizePools({ p: ["a", "b"] }),
    cooldown: { isCoolingDown: fail, recordFailure: fail, recordSuccess: fail },
    now: () => 0,
    onAttempt: fail,
  });
  const res = await fetch(...post("/chat/completions", { model: "p", messages: [] }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-switchyard-served-by"), "b");
});
