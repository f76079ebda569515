import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FORMATS } from "../formats/registry.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { isUsageOnlyChunk } from "./chat-usage-filter.ts";
import { createGateway } from "./gateway.ts";
import type { Gateway } from "./gateway-types.ts";
import type { RequestRecord } from "./record.ts";
import { decodeStream } from "./stream-translator.ts";
import {
  FORMAT_IDS,
  formatOfPath,
  geminiJsonArray,
  outputText,
  recorded,
  startRecordedUpstream,
  streamText,
} from "./test-recorded.ts";
import {
  clientRequest,
  FAKE_KEYS,
  MODELS,
  PROVIDER_FORMAT,
  type TestProvider,
  testConfig,
} from "./test-requests.ts";
import { readResult, type Stub } from "./test-upstream.ts";

/**
 * Every surface × every upstream format, non-streamed and streamed, against a stub upstream
 * answering with recorded traffic: the client gets its own format, carrying the recorded
 * answer's text, with the gateway's headers; the upstream got its own format, at its path,
 * with the provider's auth and the deployment's model.
 */
let stub: Stub;
let gateway: Gateway;
const records: RequestRecord[] = [];

before(async () => {
  stub = await startRecordedUpstream();
  gateway = createGateway(testConfig(stub.url), { onRecord: (r) => records.push(r) });
});

after(async () => {
  await gateway.close();
  await stub.close();
});

const AUTH: Record<TestProvider, [string, string]> = {
  openai: ["authorization", `Bearer ${FAKE_KEYS.openai}`],
  groq: ["authorization", `Bearer ${FAKE_KEYS.groq}`],
  anthropic: ["x-api-key", FAKE_KEYS.anthropic],
  gemini: ["x-goog-api-key", FAKE_KEYS.gemini],
};

function upstreamFormatFor(surface: FormatId, provider: TestProvider): FormatId {
  if (provider === "openai" && (surface === "openai-chat" || surface === "openai-responses")) return surface;
  return PROVIDER_FORMAT[provider];
}

const deploymentModel = (p: TestProvider): string => MODELS[p].replace(/^groq\//, "");

for (const surface of FORMAT_IDS) {
  describe(`surface ${surface}`, () => {
    for (const provider of Object.keys(MODELS) as TestProvider[]) {
      const upstream = upstreamFormatFor(surface, provider);
      const mode = upstream === surface ? "passthrough" : "translated";

      test(`→ ${provider} (${upstream}, ${mode}), JSON`, async () => {
        const before = stub.requests.length;
        const res = await gateway.handle(clientRequest(surface, MODELS[provider], false));
        const { status, headers, text } = await readResult(res);
        assert.equal(status, 200, text);
        assert.equal(headers["x-switchyard-provider"], provider);
        assert.equal(headers["x-switchyard-model"], deploymentModel(provider));
        assert.match(headers["x-request-id"] ?? "", /^req_[0-9a-f]{32}$/);
        const decoded = FORMATS[surface].decodeResponse(JSON.parse(text));
        assert.equal(outputText(decoded.value), recorded(upstream).jsonText);

        const sent = stub.requests[before];
        assert.ok(sent !== undefined);
        assert.equal(formatOfPath(sent.url), upstream);
        assert.equal(sent.headers[AUTH[provider][0]], AUTH[provider][1]);
        if (upstream === "gemini")
          assert.match(sent.url, new RegExp(`/v1beta/models/${deploymentModel(provider)}:generateContent$`));
        else assert.equal((sent.json as { model: string }).model, deploymentModel(provider));
        if (upstream === "anthropic-messages") assert.equal(sent.headers["anthropic-version"], "2023-06-01");
        // no client auth header was invented or forwarded
        for (const other of Object.values(AUTH))
          if (other[1] !== AUTH[provider][1]) assert.notEqual(sent.headers[other[0]], other[1]);
      });

      test(`→ ${provider} (${upstream}, ${mode}), stream`, async () => {
        const before = stub.requests.length;
        const res = await gateway.handle(clientRequest(surface, MODELS[provider], true));
        assert.equal(res.kind, "stream");
        const { status, headers, text } = await readResult(res);
        assert.equal(status, 200, text);
        assert.match(headers["content-type"] ?? "", /text\/event-stream/);
        assert.equal(headers["x-switchyard-provider"], provider);
        const events = decodeStream(surface, [text]);
        assert.ok(!events.some((e) => e.type === "error"), `no error event in:\n${text.slice(0, 2000)}`);
        assert.ok(events.some((e) => e.type === "response.completed" || e.type === "response.incomplete"));
        assert.equal(streamText(surface, text), recorded(upstream).streamText);

        const sent = stub.requests[before];
        assert.ok(sent !== undefined);
        assert.equal(formatOfPath(sent.url), upstream);
        if (upstream === "gemini") assert.match(sent.url, /:streamGenerateContent\?alt=sse$/);
        else assert.equal((sent.json as { stream: boolean }).stream, true);
        if (upstream === "openai-chat") {
          // the usage tap: Chat upstreams are always asked for usage
          assert.deepEqual((sent.json as { stream_options: unknown }).stream_options, {
            include_usage: true,
          });
        }
      });
    }
  });
}

describe("Gemini surface, JSON-array framing", () => {
  test("passthrough: the upstream array, byte for byte", async () => {
    const before = stub.requests.length;
    const res = await gateway.handle(clientRequest("gemini", MODELS.gemini, true, { framing: "json-array" }));
    const { status, headers, text } = await readResult(res);
    assert.equal(status, 200);
    assert.match(stub.requests[before]?.url ?? "", /:streamGenerateContent$/);
    assert.equal(text, Buffer.from(geminiJsonArray().bytes).toString("utf8"));
    assert.match(headers["content-type"] ?? "", /json/);
  });

  test("translated from Anthropic: a JSON array of chunks", async () => {
    const res = await gateway.handle(
      clientRequest("gemini", MODELS.anthropic, true, { framing: "json-array" }),
    );
    const { status, headers, text } = await readResult(res);
    assert.equal(status, 200);
    assert.equal(headers["content-type"], "application/json");
    const arr = JSON.parse(text) as unknown[];
    assert.ok(Array.isArray(arr) && arr.length > 0);
    assert.equal(streamText("gemini", text, "json-array"), recorded("anthropic-messages").streamText);
  });
});

describe("usage records", () => {
  test("a translated stream and a passthrough stream both report the upstream's usage", async () => {
    records.length = 0;
    await readResult(await gateway.handle(clientRequest("openai-chat", MODELS.anthropic, true)));
    await readResult(await gateway.handle(clientRequest("anthropic-messages", MODELS.anthropic, true)));
    await readResult(await gateway.handle(clientRequest("openai-chat", MODELS.groq, false)));
    // a JSON answer's usage is parsed after it has been handed to the client
    await new Promise((r) => setImmediate(r));
    assert.equal(records.length, 3);
    const [translated, passthrough, json] = records;
    assert.equal(translated?.passthrough, false);
    assert.equal(passthrough?.passthrough, true);
    for (const r of records) {
      assert.equal(r.status, 200);
      assert.equal(r.error, undefined);
      assert.ok((r.usage?.output_tokens ?? 0) > 0, JSON.stringify(r));
    }
    assert.deepEqual(translated?.usage, passthrough?.usage);
    assert.equal(json?.provider, "groq");
  });
});

describe("Chat surface usage chunk, translated", () => {
  test("sent only when the client asked (stream_options.include_usage)", async () => {
    for (const asked of [false, true]) {
      const req = clientRequest("openai-chat", MODELS.anthropic, true);
      if (asked) (req.body as Record<string, unknown>).stream_options = { include_usage: true };
      const { text } = await readResult(await gateway.handle(req));
      const usageChunks = text.split(/(?<=\n\n)/).filter(isUsageOnlyChunk);
      assert.equal(usageChunks.length, asked ? 1 : 0, text);
    }
  });
});
