import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { errorFixtures } from "../../test/support/wire.ts";
import { createGateway } from "./gateway.ts";
import type { Gateway, GatewayResult } from "./gateway-types.ts";
import { decodeStream } from "./stream-translator.ts";
import { recorded } from "./test-recorded.ts";
import { clientRequest, FAKE_KEYS, MODELS, testConfig } from "./test-requests.ts";
import {
  pieces,
  readResult,
  type Stub,
  type StubReply,
  type StubRequest,
  startStub,
} from "./test-upstream.ts";

/**
 * Failures, each in the caller's own format and status: upstream errors (translated and
 * relayed), routing errors, malformed requests, mid-stream failures and timeouts. Every
 * result of this file is also checked for the fake provider keys: none may leak.
 */
let stub: Stub;
let gateway: Gateway;
let reply: (r: StubRequest) => StubReply = () => ({ status: 500 });
const seen: string[] = [];

async function run(
  r: GatewayResult,
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const out = await readResult(r);
  seen.push(JSON.stringify(out.headers), out.text);
  return out;
}

function body(text: string): {
  error?: { type?: string; code?: unknown; status?: string; message?: string };
} {
  return JSON.parse(text) as { error?: { type?: string; message?: string } };
}

before(async () => {
  stub = await startStub((r) => reply(r));
  gateway = createGateway(
    testConfig(stub.url, { timeouts: { firstByteMs: 300, idleMs: 300, totalMs: 5000 } }),
  );
});

after(async () => {
  await gateway.close();
  await stub.close();
  const all = seen.join("\n");
  for (const key of Object.values(FAKE_KEYS)) assert.ok(!all.includes(key), `key leaked: ${key}`);
});

beforeEach(() => {
  reply = () => ({ status: 500, body: "{}" });
});

describe("upstream errors, translated", () => {
  test("Gemini 429 (recorded, RetryInfo 34.4s) → Anthropic surface 429 rate_limit_error, retry-after kept", async () => {
    const fx = errorFixtures("gemini").find((f) => f.name.endsWith("google-429-retry-info.json"));
    assert.ok(fx);
    reply = () => ({ status: 429, headers: { "retry-after": "7" }, body: JSON.stringify(fx.body) });
    const { status, headers, text } = await run(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.gemini, false)),
    );
    assert.equal(status, 429);
    assert.equal(body(text).error?.type, "rate_limit_error");
    // the body's RetryInfo is more precise than the header, and wins (rounded up)
    assert.equal(headers["retry-after"], "35");
    assert.equal(headers["x-switchyard-provider"], "gemini");
  });

  test("OpenAI 429 retry-after-ms → Gemini surface 429 RESOURCE_EXHAUSTED with retry-after", async () => {
    reply = () => ({
      status: 429,
      headers: { "retry-after-ms": "2500" },
      body: JSON.stringify({
        error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" },
      }),
    });
    const { status, headers, text } = await run(
      await gateway.handle(clientRequest("gemini", MODELS.openai, false)),
    );
    assert.equal(status, 429);
    assert.equal(body(text).error?.status, "RESOURCE_EXHAUSTED");
    assert.equal(headers["retry-after"], "3");
  });

  test("Anthropic 529 overloaded → OpenAI Chat surface 503", async () => {
    reply = () => ({
      status: 529,
      body: JSON.stringify({
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
        request_id: "req_up",
      }),
    });
    const { status, headers, text } = await run(
      await gateway.handle(clientRequest("openai-chat", MODELS.anthropic, false)),
    );
    assert.equal(status, 503);
    assert.equal(body(text).error?.message, "Overloaded");
    assert.match(headers["x-request-id"] ?? "", /^req_/);
    assert.equal(headers["x-upstream-request-id"], "req_up");
  });

  test("an upstream 500 while streaming, before the stream starts → a JSON error result", async () => {
    reply = () => ({
      status: 500,
      body: JSON.stringify({ type: "error", error: { type: "api_error", message: "boom" } }),
    });
    const res = await gateway.handle(clientRequest("openai-responses", MODELS.anthropic, true));
    assert.equal(res.kind, "json");
    const { status, text } = await run(res);
    assert.equal(status, 500);
    assert.equal(body(text).error?.message, "boom");
  });
});

describe("upstream errors, passthrough", () => {
  test("Anthropic 404 (recorded) goes back verbatim with its status", async () => {
    const fx = errorFixtures("anthropic-messages").find((f) => f.status === 404);
    assert.ok(fx);
    const raw = JSON.stringify(fx.body);
    reply = () => ({ status: 404, body: raw });
    const { status, text } = await run(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.anthropic, true)),
    );
    assert.equal(status, 404);
    assert.equal(text, raw);
  });

  test("upstream 401 echoing the key: scrubbed, translated and passthrough alike", async () => {
    reply = (r) => {
      const sent = String(r.headers.authorization ?? r.headers["x-api-key"] ?? r.headers["x-goog-api-key"]);
      const message = `Incorrect API key provided: ${sent}`;
      const err = r.url.endsWith("/v1/messages")
        ? { type: "error", error: { type: "authentication_error", message } }
        : { error: { message, type: "invalid_request_error", param: null, code: "invalid_api_key" } };
      return { status: 401, headers: { "x-echo": sent }, body: JSON.stringify(err) };
    };
    for (const surface of ["openai-chat", "anthropic-messages", "gemini", "openai-responses"] as const) {
      for (const model of [MODELS.openai, MODELS.anthropic, MODELS.groq]) {
        const { status, headers, text } = await run(
          await gateway.handle(clientRequest(surface, model, false)),
        );
        assert.equal(status, 401, `${surface} ${model}`);
        assert.match(text, /\[redacted\]/);
        for (const key of Object.values(FAKE_KEYS)) {
          assert.ok(!text.includes(key) && !JSON.stringify(headers).includes(key), `${surface} ${model}`);
        }
      }
    }
  });
});

describe("routing and request errors", () => {
  test("unknown model → 404 model_not_found, in each surface's shape", async () => {
    const expect = {
      "openai-responses": (t: string) => assert.equal(body(t).error?.code, "model_not_found"),
      "openai-chat": (t: string) => assert.equal(body(t).error?.code, "model_not_found"),
      "anthropic-messages": (t: string) => assert.equal(body(t).error?.type, "not_found_error"),
      gemini: (t: string) => assert.equal(body(t).error?.status, "NOT_FOUND"),
    };
    for (const [surface, check] of Object.entries(expect)) {
      const { status, text } = await run(
        await gateway.handle(clientRequest(surface as keyof typeof expect, "no-such-model", false)),
      );
      assert.equal(status, 404);
      check(text);
      assert.match(body(text).error?.message ?? "", /provider\/model/);
    }
  });

  test("a provider without a key → 401 naming the variable to set, never a key", async () => {
    const g = createGateway({ env: {}, providers: { anthropic: { baseURL: stub.url } } });
    try {
      const { status, text } = await run(
        await g.handle(clientRequest("openai-chat", MODELS.anthropic, false)),
      );
      assert.equal(status, 401);
      assert.match(body(text).error?.message ?? "", /ANTHROPIC_API_KEY/);
      const off = createGateway({
        env: { ANTHROPIC_API_KEY: FAKE_KEYS.anthropic },
        providers: { anthropic: { enabled: false } },
      });
      const r = await run(await off.handle(clientRequest("anthropic-messages", MODELS.anthropic, false)));
      assert.equal(r.status, 401);
      assert.match(body(r.text).error?.message ?? "", /disabled/);
      await off.close();
    } finally {
      await g.close();
    }
  });

  test("malformed requests → 400 naming the field path", async () => {
    const chat = await run(
      await gateway.handle({
        surface: "openai-chat",
        headers: () => undefined,
        body: { model: MODELS.openai, messages: "hi" },
      }),
    );
    assert.equal(chat.status, 400);
    assert.match(body(chat.text).error?.message ?? "", /messages/);
    const anth = await run(
      await gateway.handle({
        surface: "anthropic-messages",
        headers: () => undefined,
        body: { model: MODELS.anthropic, max_tokens: 5, messages: [{ role: "robot", content: "x" }] },
      }),
    );
    assert.equal(anth.status, 400);
    assert.equal(body(anth.text).error?.type, "invalid_request_error");
    assert.match(body(anth.text).error?.message ?? "", /messages\[0\]\.role/);
    const noModel = await run(
      await gateway.handle({ surface: "openai-responses", headers: () => undefined, body: { input: "x" } }),
    );
    assert.equal(noModel.status, 400);
    const notObject = await run(
      await gateway.handle({ surface: "gemini", model: MODELS.gemini, headers: () => undefined, body: [1] }),
    );
    assert.equal(notObject.status, 400);
  });

  test("a capability the model lacks → 400 before any upstream call", async () => {
    const before = stub.requests.length;
    const res = await run(
      await gateway.handle(clientRequest("openai-chat", "text-embedding-3-small", false)),
    );
    assert.equal(res.status, 400);
    assert.match(body(res.text).error?.message ?? "", /embeddings/);
    assert.equal(stub.requests.length, before);
  });
});

describe("failures mid-stream", () => {
  const half = (b: Uint8Array): Uint8Array => b.subarray(0, Math.floor(b.byteLength / 2));

  test("translated (Anthropic → Chat surface): a reset ends with the Chat error object, no [DONE]", async () => {
    reply = () => ({
      headers: { "content-type": "text/event-stream" },
      body: [half(recorded("anthropic-messages").stream.bytes)],
      destroy: true,
    });
    const { status, text } = await run(
      await gateway.handle(clientRequest("openai-chat", MODELS.anthropic, true)),
    );
    assert.equal(status, 200);
    assert.match(text, /data: \{"error":/);
    assert.doesNotMatch(text, /\[DONE\]/);
  });

  test("passthrough (Anthropic): a reset ends with `event: error`", async () => {
    reply = () => ({
      headers: { "content-type": "text/event-stream" },
      body: [half(recorded("anthropic-messages").stream.bytes)],
      destroy: true,
    });
    const { text } = await run(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.anthropic, true)),
    );
    const events = decodeStream("anthropic-messages", [text]);
    assert.ok(events.some((e) => e.type === "error"));
    assert.match(text, /event: error\ndata: \{"type":"error"/);
  });

  test("passthrough (Responses): a clean close without the terminal event still ends with an error event", async () => {
    reply = () => ({
      headers: { "content-type": "text/event-stream" },
      body: [half(recorded("openai-responses").stream.bytes)],
    });
    const { text } = await run(await gateway.handle(clientRequest("openai-responses", MODELS.openai, true)));
    assert.match(text, /event: error\ndata: \{"type":"error","sequence_number":\d+/);
  });
});

describe("timeouts", () => {
  test("first byte: an upstream that never answers → 504 in the surface's shape, bounded", async () => {
    reply = () => ({ headersDelayMs: 3000, body: "{}" });
    const t0 = performance.now();
    const { status, text } = await run(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.openai, false)),
    );
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(status, 504);
    assert.equal(body(text).error?.type, "timeout_error");
  });

  test("idle: a stream that stalls midway ends with an in-stream error, bounded", async () => {
    const bytes = recorded("openai-chat").stream.bytes;
    reply = () => ({
      headers: { "content-type": "text/event-stream" },
      body: pieces(bytes.subarray(0, 600), 200),
      delayMs: 20,
      stall: true,
    });
    const t0 = performance.now();
    const { status, text } = await run(await gateway.handle(clientRequest("gemini", MODELS.groq, true)));
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(status, 200);
    assert.match(text, /"error":\{"code":\d+/);
  });

  test("the client going away ends the exchange at once", async () => {
    reply = () => ({ headersDelayMs: 3000, body: "{}" });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const t0 = performance.now();
    const res = await gateway.handle(
      clientRequest("openai-chat", MODELS.openai, false, { signal: ctl.signal }),
    );
    assert.ok(performance.now() - t0 < 250);
    assert.equal(res.status, 499);
  });
});

describe("upstreams that do not follow the script", () => {
  test("a streamed request answered with one JSON body → the surface's stream, complete", async () => {
    reply = (r) => ({
      body: recorded(r.url.endsWith("/v1/messages") ? "anthropic-messages" : "openai-chat").json,
    });
    for (const [surface, model] of [
      ["openai-chat", MODELS.groq],
      ["openai-responses", MODELS.anthropic],
    ] as const) {
      const res = await gateway.handle(clientRequest(surface, model, true));
      assert.equal(res.kind, "stream");
      const { text } = await run(res);
      const events = decodeStream(surface, [text]);
      assert.ok(
        events.some((e) => e.type === "response.completed"),
        text,
      );
      assert.ok(!events.some((e) => e.type === "error"));
    }
  });

  test("passthrough: a proxy's HTML error page becomes the format's own error", async () => {
    reply = () => ({
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html>Bad Gateway</html>",
    });
    const { status, headers, text } = await run(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.anthropic, false)),
    );
    assert.equal(status, 500);
    assert.equal(body(text).error?.type, "api_error");
    assert.notEqual(headers["content-type"], "text/html");
  });
});
