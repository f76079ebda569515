import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import type { RequestRecord } from "../core/record.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { startSimulator } from "../simulator/index.ts";
import { ChatMessage } from "./chat-message.ts";
import { Router } from "./router.ts";
import { anthropicAnswer, startCapture } from "./router-test-kit.ts";
import type { RouterResponse } from "./router-types.ts";

let sim: { url: string; close(): Promise<void> };
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

function sdkRouter(opts: ConstructorParameters<typeof Router>[0] = {}): Router {
  return new Router({ retry: { baseDelayMs: 10 }, ...opts })
    .register("openai", new OpenAI({ apiKey: "k-o", baseURL: `${sim.url}/v1` }))
    .register("anthropic", new Anthropic({ apiKey: "k-a", baseURL: sim.url }))
    .register("gemini", new GoogleGenAI({ apiKey: "k-g", httpOptions: { baseUrl: sim.url } }));
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

test("bare model names go to the registered client of their family", async () => {
  const r = sdkRouter();
  try {
    for (const [model, provider] of [
      ["gpt-4o-mini", "openai"],
      ["claude-haiku-4-5", "anthropic"],
      ["gemini-2.5-flash", "gemini"],
    ] as const) {
      const res = await r.create({ model, input: "hello" });
      assert.equal(res.error, undefined);
      assert.equal(res.provider, provider);
      assert.equal(res.model, model);
      assert.equal(res.status, "completed");
      assert.equal(res.output.at(-1)?.text, "Echo: hello");
      assert.equal(res.output.at(-1)?.createdBy, `${provider}/${model}`);
      assert.equal(res.output.at(-1)?.role, "assistant");
      assert.ok((res.usage?.input_tokens ?? 0) > 0);
      assert.ok(res.durationMs > 0);
      assert.equal(res.attempts, 1);
    }
  } finally {
    await r.close();
  }
});

test("several clients of one provider: name/model picks one, a bare name the first registered", async () => {
  const dead = await startCapture({ status: 500, body: { error: { message: "wrong one" } } });
  const r = new Router({ retry: { maxRetries: 0 } })
    .register("claude-a", { type: "anthropic", apiKey: "k1", baseURL: sim.url })
    .register("claude-b", { type: "anthropic", apiKey: "k2", baseURL: dead.url });
  try {
    assert.equal((await r.create({ model: "claude-haiku-4-5", input: "x" })).provider, "claude-a");
    const viaA = await r.create({ model: "claude-a/claude-haiku-4-5", input: "x" });
    assert.equal(viaA.error, undefined);
    const viaB = await r.create({ model: "claude-b/claude-haiku-4-5", input: "x" });
    assert.equal(viaB.provider, "claude-b");
    assert.equal(viaB.error?.status, 500);
    assert.equal(dead.seen[0]?.headers["x-api-key"], "k2");
    assert.deepEqual(
      r.clients().map((c) => c.name),
      ["claude-a", "claude-b"],
    );
  } finally {
    await r.close();
    await dead.close();
  }
});

test("an SDK client's key, base URL and default headers are what the provider sees", async () => {
  const cap = await startCapture({ body: anthropicAnswer() });
  const r = new Router().register(
    "work",
    new Anthropic({ apiKey: "sk-work", baseURL: cap.url, defaultHeaders: { "x-team": "blue" } }),
  );
  try {
    const res = await r.create({ model: "claude-haiku-4-5", input: "hi" });
    assert.equal(res.error, undefined);
    const seen = cap.seen[0]!;
    assert.equal(seen.url, "/v1/messages");
    assert.equal(seen.headers["x-api-key"], "sk-work");
    assert.equal(seen.headers["x-team"], "blue");
  } finally {
    await r.close();
    await cap.close();
  }
});

test("malformed requests and unroutable models throw; provider errors come back in error", async () => {
  const r = sdkRouter();
  try {
    assert.throws(() => r.create({ model: "", input: "x" }), SwitchyardError);
    assert.throws(() => r.create({ model: "mystery-model-9", input: "x" }), /unknown model/);
    assert.throws(
      () => r.create({ model: "mistral-large-latest", input: "x" }),
      /no mistral client is registered/,
    );
    assert.throws(() => r.create({ model: "gpt-4o", input: 42 as never }), /input/);
    assert.throws(() => new Router().create({ model: "gpt-4o", input: "x" }), /no client registered/);
    const res = await r.create({ model: "claude-haiku-4-5~error=400", input: "x" });
    assert.ok(res.error instanceof SwitchyardError);
    assert.equal(res.error.kind, "invalid_request");
    assert.equal(res.status, "failed");
    assert.deepEqual(res.output, []);
    assert.equal(res.attempts, 1, "a 400 is not retried");
  } finally {
    await r.close();
  }
});

test("a known provider name cannot be registered for another provider type", () => {
  assert.throws(() => new Router().register("anthropic", { type: "openai", apiKey: "k" }), /another name/);
  assert.throws(() => new Router().register("bad name", { type: "openai" }), SwitchyardError);
});

test("retryable errors are retried with backoff until the call succeeds", async () => {
  const records: RequestRecord[] = [];
  const r = sdkRouter({ hooks: { onRecord: (rec) => records.push(rec) } });
  try {
    const res = await r.create({ model: "gemini-2.5-flash~fail=2", input: "again" });
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 3);
    assert.equal(res.output.at(-1)?.text, "Echo: again");
    assert.deepEqual(
      records.map((x) => x.status),
      [500, 500, 200],
    );
    const gaveUp = await r.create({ model: "gpt-4o~error=503~fail=5", input: "x" });
    assert.equal(gaveUp.error?.kind, "overloaded");
    assert.equal(gaveUp.attempts, 3);
  } finally {
    await r.close();
  }
});

test("a retry waits for the provider's retry-after", async () => {
  const r = sdkRouter();
  try {
    const t0 = performance.now();
    const res = await r.create({ model: "claude-haiku-4-5~error=429~retry=1~fail=1", input: "x" });
    assert.equal(res.error, undefined);
    assert.equal(res.attempts, 2);
    assert.ok(performance.now() - t0 >= 950, "waited about a second");
  } finally {
    await r.close();
  }
});

test("streaming yields Responses events and returns the RouterResponse; errors before the first event are retried", async () => {
  const r = sdkRouter();
  try {
    for (const model of ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.0-flash~fail=1"]) {
      const { events, res } = await drain(r.create({ model, input: "streamed", stream: true }));
      assert.equal(events[0]?.type, "response.created");
      assert.ok(events.some((e) => e.type === "response.output_text.delta"));
      assert.equal(events.at(-1)?.type, "response.completed");
      assert.equal(res.error, undefined, model);
      assert.equal(res.output.at(-1)?.text, "Echo: streamed");
      assert.ok((res.usage?.output_tokens ?? 0) > 0);
      assert.equal(res.attempts, model.includes("fail") ? 2 : 1);
    }
    const failed = await drain(r.create({ model: "claude-haiku-4-5~error=401", input: "x", stream: true }));
    assert.equal(failed.events.length, 0);
    assert.equal(failed.res.error?.kind, "authentication");
  } finally {
    await r.close();
  }
});

test("a stream cut mid-answer ends with error set", async () => {
  const r = sdkRouter({ retry: { maxRetries: 0 } });
  try {
    const { events, res } = await drain(
      r.create({ model: "claude-haiku-4-5~disconnect=3", input: "a longer text to stream", stream: true }),
    );
    assert.ok(events.length > 0);
    assert.ok(res.error instanceof SwitchyardError);
  } finally {
    await r.close();
  }
});

test("provider_kwargs reach the provider's body and are recorded on the output", async () => {
  const cap = await startCapture({ body: anthropicAnswer() });
  const r = new Router().register("anthropic", { type: "anthropic", apiKey: "k", baseURL: cap.url });
  try {
    const res = await r.create({
      model: "claude-haiku-4-5",
      input: "hi",
      provider_kwargs: { top_k: 5, metadata: { user_id: "u-1" } },
    });
    assert.equal(res.error, undefined);
    assert.equal(cap.seen[0]?.body.top_k, 5);
    assert.deepEqual(cap.seen[0]?.body.metadata, { user_id: "u-1" });
    assert.deepEqual(res.output[0]?.providerKwargs, { top_k: 5, metadata: { user_id: "u-1" } });
  } finally {
    await r.close();
    await cap.close();
  }
});

test("countTokens: the provider's counter for Anthropic and Gemini, an estimate for OpenAI", async () => {
  const r = sdkRouter();
  try {
    const input = [ChatMessage.user("count these words please")];
    const a = await r.countTokens({ model: "claude-haiku-4-5", input, instructions: "be brief" });
    assert.deepEqual(
      { ...a, inputTokens: 0 },
      { provider: "anthropic", model: "claude-haiku-4-5", method: "provider", inputTokens: 0 },
    );
    assert.ok(a.inputTokens > 0);
    const g = await r.countTokens({ model: "gemini-2.5-flash", input });
    assert.equal(g.method, "provider");
    assert.ok(g.inputTokens > 0);
    const o = await r.countTokens({ model: "gpt-4o", input });
    assert.equal(o.method, "estimate");
    assert.ok(o.inputTokens > 0);
  } finally {
    await r.close();
  }
});

test("keys never appear in errors", async () => {
  const cap = await startCapture({
    status: 401,
    body: { type: "error", error: { type: "authentication_error", message: "bad key sk-secret-123" } },
  });
  const r = new Router().register("anthropic", {
    type: "anthropic",
    apiKey: "sk-secret-123",
    baseURL: cap.url,
  });
  try {
    const res = await r.create({ model: "claude-haiku-4-5", input: "x" });
    assert.equal(res.error?.kind, "authentication");
    assert.ok(!res.error.message.includes("sk-secret-123"));
    assert.ok(!JSON.stringify(res.error.raw).includes("sk-secret-123"));
  } finally {
    await r.close();
    await cap.close();
  }
});

test("a tool call made on one provider is answered and continued on another", async () => {
  const r = sdkRouter();
  try {
    const tools = [
      {
        type: "function" as const,
        name: "lookup",
        description: "Looks a word up",
        parameters: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
        strict: false,
      },
    ];
    const conv: ChatMessage[] = [ChatMessage.user("define switchyard")];
    const first = await r.create({
      model: "claude-haiku-4-5",
      input: conv,
      tools,
      parallel_tool_calls: false,
    });
    assert.equal(first.stopReason?.kind, "tool_use");
    const call = first.output.find((m) => m.message.type === "function_call");
    assert.ok(call !== undefined);
    conv.push(
      ...first.output,
      ChatMessage.functionCallOutput((call.message as { call_id: string }).call_id, "a rail yard"),
    );
    for (const model of ["gemini-2.5-flash", "gpt-4o-mini", "claude-haiku-4-5"]) {
      const res = await r.create({ model, input: conv, tools });
      assert.equal(res.error, undefined, model);
      assert.equal(res.output.at(-1)?.text, "Tool result: a rail yard", model);
    }
  } finally {
    await r.close();
  }
});
