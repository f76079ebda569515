import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FormatId } from "../ir/stop-reason.ts";
import { isUsageOnlyChunk } from "./chat-usage-filter.ts";
import { createGateway } from "./gateway.ts";
import type { Gateway, GatewayRequest } from "./gateway-types.ts";
import { recorded, startRecordedUpstream } from "./test-recorded.ts";
import { clientRequest, headersOf, MODELS, testConfig } from "./test-requests.ts";
import { chunksOf, readResult, type Stub } from "./test-upstream.ts";

/**
 * The passthrough path: same format both sides, so the client's JSON goes up with only the
 * model replaced and the upstream's bytes come back unchanged, streamed or not.
 */
let stub: Stub;
let gateway: Gateway;

before(async () => {
  stub = await startRecordedUpstream();
  gateway = createGateway(
    testConfig(stub.url, {
      aliases: {
        fast: "anthropic/claude-haiku-4-5",
        pool: ["mistral/mistral-large-latest", "claude-haiku-4-5"],
      },
    }),
  );
});

after(async () => {
  await gateway.close();
  await stub.close();
});

const CASES: Array<[FormatId, string]> = [
  ["openai-responses", MODELS.openai],
  ["openai-chat", MODELS.openai],
  ["openai-chat", MODELS.groq],
  ["anthropic-messages", MODELS.anthropic],
  ["gemini", MODELS.gemini],
];

async function bytesOf(req: GatewayRequest): Promise<Buffer> {
  const res = await gateway.handle(req);
  assert.equal(res.status, 200);
  if (res.kind === "json") {
    // a JSON answer is read whole and sent as the upstream's bytes, verbatim
    assert.ok(res.body instanceof Uint8Array, "passthrough sends the upstream's bytes");
    return Buffer.from(res.body);
  }
  return Buffer.concat(await chunksOf(res));
}

describe("byte identity", () => {
  for (const [surface, model] of CASES) {
    test(`${surface} → ${model}: JSON`, async () => {
      const got = await bytesOf(clientRequest(surface, model, false));
      assert.equal(got.toString("utf8"), recorded(surface).json);
    });

    test(`${surface} → ${model}: stream`, async () => {
      const req = clientRequest(surface, model, true);
      if (surface === "openai-chat") {
        (req.body as Record<string, unknown>).stream_options = { include_usage: true };
      }
      const got = await bytesOf(req);
      assert.ok(got.equals(Buffer.from(recorded(surface).stream.bytes)));
    });
  }

  test("Chat stream without include_usage: the usage chunk alone is held back", async () => {
    const got = (await bytesOf(clientRequest("openai-chat", MODELS.openai, true))).toString("utf8");
    const original = Buffer.from(recorded("openai-chat").stream.bytes).toString("utf8");
    const frames = original.split(/(?<=\n\n)/);
    const usage = frames.filter(isUsageOnlyChunk);
    assert.equal(usage.length, 1);
    assert.equal(got, frames.filter((f) => !isUsageOnlyChunk(f)).join(""));
    const sent = stub.requests.at(-1)?.json as { stream_options?: unknown };
    assert.deepEqual(sent.stream_options, { include_usage: true });
  });
});

describe("the body that goes up", () => {
  test("only the model is replaced; unknown fields and key order are kept", async () => {
    const body = {
      model: "fast",
      zeta: 1,
      max_tokens: 9,
      messages: [{ role: "user", content: "Hi" }],
      future_field: { a: [1] },
    };
    const res = await gateway.handle({ surface: "anthropic-messages", headers: headersOf({}), body });
    await readResult(res);
    const sent = stub.requests.at(-1);
    assert.equal(sent?.body.toString("utf8"), JSON.stringify({ ...body, model: "claude-haiku-4-5" }));
    assert.equal(res.headers["x-switchyard-model"], "claude-haiku-4-5");
    assert.equal(res.headers["x-switchyard-dropped"], undefined);
  });

  test("the client's own bytes go up untouched when nothing changes; a changed model or an added option re-encodes", async () => {
    const text =
      '{ "model" : "claude-haiku-4-5",\n  "max_tokens": 9, "messages": [{"role":"user","content":"Hi \\u00e9"}] }';
    const raw = Buffer.from(text);
    const body = JSON.parse(text) as Record<string, unknown>;
    await readResult(
      await gateway.handle({ surface: "anthropic-messages", headers: headersOf({}), body, rawBody: raw }),
    );
    assert.equal(stub.requests.at(-1)?.body.toString("utf8"), text); // spacing and escapes as sent
    // an alias: the model id changes, so the body is re-encoded with only the model replaced
    const aliased = { ...body, model: "fast" };
    await readResult(
      await gateway.handle({
        surface: "anthropic-messages",
        headers: headersOf({}),
        body: aliased,
        rawBody: Buffer.from(JSON.stringify(aliased)),
      }),
    );
    assert.equal(
      stub.requests.at(-1)?.body.toString("utf8"),
      JSON.stringify({ ...aliased, model: "claude-haiku-4-5" }),
    );
    // a Chat stream must ask for the usage chunk: the option is added, so not the raw bytes
    const chat = { model: MODELS.openai, stream: true, messages: [{ role: "user", content: "x" }] };
    await readResult(
      await gateway.handle({
        surface: "openai-chat",
        headers: headersOf({}),
        body: chat,
        rawBody: Buffer.from(JSON.stringify(chat)),
      }),
    );
    assert.deepEqual((stub.requests.at(-1)!.json as { stream_options?: unknown }).stream_options, {
      include_usage: true,
    });
  });

  test("Gemini: the body as sent, the model in the URL", async () => {
    const req = clientRequest("gemini", "pool", false);
    // the pool's first member has no key (mistral): the next one, on Anthropic, serves it
    const res = await gateway.handle(req);
    assert.equal(res.headers["x-switchyard-provider"], "anthropic");
    await readResult(res);
    await readResult(await gateway.handle(clientRequest("gemini", "models/gemini-2.5-pro", false)));
    const sent = stub.requests.at(-1);
    assert.match(sent?.url ?? "", /\/v1beta\/models\/gemini-2\.5-pro:generateContent$/);
    assert.equal(sent?.body.toString("utf8"), JSON.stringify(req.body));
  });

  test("client headers: anthropic-beta and simulator controls go up, the client's own auth never does", async () => {
    const headers = headersOf({
      authorization: "Bearer client-gateway-key",
      "x-api-key": "client-gateway-key",
      "anthropic-beta": "interleaved-thinking-2025-05-14",
      "x-sim-latency-ms": "5",
    });
    await readResult(
      await gateway.handle(clientRequest("anthropic-messages", MODELS.anthropic, false, { headers })),
    );
    const sent = stub.requests.at(-1)?.headers ?? {};
    assert.equal(sent["anthropic-beta"], "interleaved-thinking-2025-05-14");
    assert.equal(sent["x-sim-latency-ms"], "5");
    assert.notEqual(sent["x-api-key"], "client-gateway-key");
    assert.equal(sent.authorization, undefined);

    await readResult(
      await gateway.handle(clientRequest("openai-chat", MODELS.anthropic, false, { headers })),
    );
    const translated = stub.requests.at(-1)?.headers ?? {};
    assert.equal(translated["anthropic-beta"], undefined, "translated bodies are ours: no client beta flags");
    assert.equal(translated["x-sim-latency-ms"], "5");
  });
});

describe("translation reports what it dropped", () => {
  test("top_k into OpenAI Responses → x-switchyard-dropped", async () => {
    const res = await gateway.handle({
      surface: "anthropic-messages",
      headers: headersOf({}),
      body: { model: MODELS.openai, max_tokens: 10, top_k: 5, messages: [{ role: "user", content: "Hi" }] },
    });
    const { status } = await readResult(res);
    assert.equal(status, 200);
    assert.match(res.headers["x-switchyard-dropped"] ?? "", /top_k/);
  });
});
