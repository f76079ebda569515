import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createGateway } from "./gateway.ts";
import type { AuxRequest, Gateway, GatewayResult } from "./gateway-types.ts";
import { FAKE_KEYS, headersOf, testConfig } from "./test-requests.ts";
import { chunksOf, readResult, type Stub, type StubRequest, startStub } from "./test-upstream.ts";

/**
 * Embeddings, images, speech and transcriptions. `../shared/wire` holds no recordings of
 * these endpoints, so the stub answers in the documented shapes.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
let stub: Stub;
let gateway: Gateway;

const OPENAI_EMBEDDINGS = JSON.stringify({
  object: "list",
  data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2] }],
  model: "text-embedding-3-small",
  usage: { prompt_tokens: 2, total_tokens: 2 },
});

function answer(r: StubRequest) {
  if (r.url === "/v1/embeddings") return { body: OPENAI_EMBEDDINGS };
  if (r.url === "/v1/audio/speech")
    return { headers: { "content-type": "audio/mpeg" }, body: [Buffer.from([0xff, 0xf3, 0x00, 0x01])] };
  if (r.url === "/v1/audio/transcriptions") return { body: JSON.stringify({ text: "hello" }) };
  if (r.url.endsWith(":batchEmbedContents")) {
    const reqs = (r.json as { requests: unknown[] }).requests;
    if (reqs.length > 2) {
      return {
        status: 400,
        body: JSON.stringify({ error: { code: 400, message: "too many", status: "INVALID_ARGUMENT" } }),
      };
    }
    return { body: JSON.stringify({ embeddings: reqs.map((_, i) => ({ values: [i + 0.5, -0.25, 1] })) }) };
  }
  return { status: 404, body: "{}" };
}

before(async () => {
  stub = await startStub(answer);
  gateway = createGateway(
    testConfig(stub.url, { aliases: { embed: "text-embedding-3-small", stt: "whisper-1" } }),
  );
});

after(async () => {
  await gateway.close();
  await stub.close();
});

function aux(endpoint: AuxRequest["endpoint"], body: unknown, contentType?: string): Promise<GatewayResult> {
  return gateway.handleAux({
    endpoint,
    body,
    headers: headersOf({}),
    ...(contentType === undefined ? {} : { contentType }),
  });
}

describe("OpenAI-compatible providers: forwarded, model rewritten, answer piped", () => {
  test("embeddings through an alias", async () => {
    const { status, headers, text } = await readResult(
      await aux("embeddings", { model: "embed", input: "hi" }),
    );
    assert.equal(status, 200);
    assert.equal(text, OPENAI_EMBEDDINGS);
    assert.equal(headers["x-switchyard-model"], "text-embedding-3-small");
    const sent = stub.requests.at(-1);
    assert.equal(sent?.url, "/v1/embeddings");
    assert.deepEqual(sent?.json, { model: "text-embedding-3-small", input: "hi" });
    assert.equal(sent?.headers.authorization, `Bearer ${FAKE_KEYS.openai}`);
  });

  test("speech: the audio bytes and their content type", async () => {
    const res = await aux("audio.speech", { model: "gpt-4o-mini-tts", input: "hi", voice: "alloy" });
    assert.equal(res.kind, "stream");
    if (res.kind !== "stream") return;
    assert.equal(res.headers["content-type"], "audio/mpeg");
    assert.deepEqual([...Buffer.concat(await chunksOf(res))], [0xff, 0xf3, 0x00, 0x01]);
  });

  test("transcriptions: the multipart `model` field rewritten, the file part untouched", async () => {
    const boundary = "----sy-test-boundary";
    const file = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nstt\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const ct = `multipart/form-data; boundary=${boundary}`;
    const { status, text } = await readResult(await aux("audio.transcriptions", new Uint8Array(body), ct));
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(text), { text: "hello" });
    const sent = stub.requests.at(-1);
    assert.equal(sent?.headers["content-type"], ct);
    assert.ok(sent?.body.includes(Buffer.from(`name="model"\r\n\r\nwhisper-1\r\n`)));
    assert.ok(sent?.body.includes(file));
    assert.equal(sent?.body.length, body.length - "stt".length + "whisper-1".length);
  });
});

describe("Gemini embeddings, translated", () => {
  test("OpenAI request → batchEmbedContents → OpenAI list", async () => {
    const { status, text } = await readResult(
      await aux("embeddings", {
        model: "gemini-embedding-001",
        input: ["a", "b"],
        dimensions: 3,
        encoding_format: "float",
      }),
    );
    assert.equal(status, 200);
    const sent = stub.requests.at(-1);
    assert.equal(sent?.url, "/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assert.equal(sent?.headers["x-goog-api-key"], FAKE_KEYS.gemini);
    assert.deepEqual(sent?.json, {
      requests: [
        {
          model: "models/gemini-embedding-001",
          content: { parts: [{ text: "a" }] },
          outputDimensionality: 3,
        },
        {
          model: "models/gemini-embedding-001",
          content: { parts: [{ text: "b" }] },
          outputDimensionality: 3,
        },
      ],
    });
    assert.deepEqual(JSON.parse(text), {
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.5, -0.25, 1] },
        { object: "embedding", index: 1, embedding: [1.5, -0.25, 1] },
      ],
      model: "gemini-embedding-001",
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  test("base64 (the openai SDK's default): float32 little-endian", async () => {
    const { text } = await readResult(
      await aux("embeddings", { model: "gemini-embedding-001", input: "a", encoding_format: "base64" }),
    );
    const b64 = (JSON.parse(text) as { data: Array<{ embedding: string }> }).data[0]?.embedding ?? "";
    const buf = Buffer.from(b64, "base64");
    assert.deepEqual([...new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)], [0.5, -0.25, 1]);
  });

  test("a Gemini error → OpenAI envelope and status", async () => {
    const { status, text } = await readResult(
      await aux("embeddings", { model: "gemini-embedding-001", input: ["a", "b", "c"] }),
    );
    assert.equal(status, 400);
    assert.equal((JSON.parse(text) as { error: { message: string } }).error.message, "too many");
  });

  test("token arrays cannot cross → 400 naming the field", async () => {
    const { status, text } = await readResult(
      await aux("embeddings", { model: "gemini-embedding-001", input: [[1, 2]] }),
    );
    assert.equal(status, 400);
    assert.equal((JSON.parse(text) as { error: { param: string } }).error.param, "input[0]");
  });
});

describe("clear 400s in OpenAI's shape", () => {
  const cases: Array<[string, AuxRequest["endpoint"], unknown, RegExp]> = [
    [
      "a provider without the capability",
      "embeddings",
      { model: "claude-haiku-4-5", input: "x" },
      /does not offer embeddings/,
    ],
    [
      "a model without the capability",
      "embeddings",
      { model: "gpt-4.1", input: "x" },
      /not a model for embeddings/,
    ],
    [
      "an endpoint Gemini is not served on",
      "images.generations",
      { model: "imagen-4.0-generate-001", prompt: "x" },
      /not served/,
    ],
    ["no model", "images.generations", { prompt: "x" }, /model/],
  ];
  for (const [name, endpoint, body, message] of cases) {
    test(name, async () => {
      const before = stub.requests.length;
      const { status, text } = await readResult(await aux(endpoint, body));
      assert.equal(status, 400);
      const err = (JSON.parse(text) as { error: { message: string; type: string } }).error;
      assert.equal(err.type, "invalid_request_error");
      assert.match(err.message, message);
      assert.equal(stub.requests.length, before);
    });
  }
});
