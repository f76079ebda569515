import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { fakeGateway, listen, type Running } from "./test-kit.ts";

const json = { "content-type": "application/json" };

interface Echo {
  surface: string;
  model?: string;
  stream?: boolean;
  framing?: string;
  echo: unknown;
  endpoint: string;
  body: { bytes: number; contentType: string };
}
interface Listing {
  id: string;
  owned_by: string;
  type?: string;
  targets?: string[];
}
interface OpenAIList {
  object: string;
  data: Listing[];
  has_more?: boolean;
  first_id?: string;
}
interface GeminiModel {
  name: string;
  inputTokenLimit?: number;
  supportedGenerationMethods: string[];
}
interface ErrorBody {
  type?: string;
  error: { message: string; type?: string; code?: string | number; status?: string };
}

async function read<T>(r: Response): Promise<T> {
  return (await r.json()) as T;
}

describe("routing", () => {
  const gateway = fakeGateway();
  let srv: Running;
  before(async () => {
    srv = await listen({ gateway });
  });
  after(() => srv.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${srv.url}${path}`, {
      method: "POST",
      headers: { ...json, ...headers },
      body: JSON.stringify(body),
    });

  for (const [path, surface] of [
    ["/v1/responses", "openai-responses"],
    ["/v1/chat/completions", "openai-chat"],
    ["/v1/messages", "anthropic-messages"],
    ["/v1/chat/completions/", "openai-chat"],
  ] as const) {
    it(`POST ${path} → ${surface}`, async () => {
      const r = await post(path, { model: "m", hello: 1 });
      assert.equal(r.status, 200);
      const b = await read<Echo>(r);
      assert.equal(b.surface, surface);
      assert.deepEqual(b.echo, { model: "m", hello: 1 });
      assert.equal(b.stream, undefined);
    });
  }

  it("a target with dot segments or escapes routes as its normalised URL path", async () => {
    // fetch would normalise these itself: send the raw request line
    const raw = (target: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const req = request(`${srv.url}${target}`, { method: "POST", headers: json }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            body += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.path = target;
        req.on("error", reject);
        req.end(JSON.stringify({ model: "m" }));
      });
    for (const target of [
      "/v1/./chat/completions",
      "/v1/x/../chat/completions",
      "/v1/chat/%63ompletions?a=1",
    ]) {
      const r = await raw(target);
      assert.equal(r.status, target.includes("%63") ? 404 : 200, target);
      if (r.status === 200) assert.equal((JSON.parse(r.body) as Echo).surface, "openai-chat", target);
    }
  });

  it("passes headers to the core without credentials, and the abort signal", async () => {
    await post(
      "/v1/responses",
      { model: "m" },
      { authorization: "Bearer sk-x", "x-switchyard-latency": "5" },
    );
    const call = gateway.calls.at(-1);
    assert.ok(call);
    assert.equal(call.headers("x-switchyard-latency"), "5");
    assert.equal(call.headers("authorization"), undefined);
    assert.equal(call.headers("Content-Type"), "application/json");
    assert.ok(call.signal instanceof AbortSignal);
  });

  it("Gemini: model, stream and framing from the URL, in every path form", async () => {
    const cases = [
      ["/v1beta/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", false, undefined],
      ["/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "gemini-2.5-flash", true, "sse"],
      ["/v1beta/models/gemini-2.5-flash:streamGenerateContent", "gemini-2.5-flash", true, "json-array"],
      ["/v1/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", false, undefined],
      ["/v1beta/models/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", false, undefined],
      [
        "/v1beta/models/openrouter/meta-llama/llama-3.1-8b-instruct:free:generateContent",
        "openrouter/meta-llama/llama-3.1-8b-instruct:free",
        false,
        undefined,
      ],
      ["/v1beta/models/gpt-4o%2Dmini:generateContent", "gpt-4o-mini", false, undefined],
    ] as const;
    for (const [path, model, stream, framing] of cases) {
      const r = await post(path, { contents: [] });
      assert.equal(r.status, 200, path);
      const b = await read<Echo>(r);
      assert.equal(b.surface, "gemini", path);
      assert.equal(b.model, model, path);
      assert.equal(b.stream, stream, path);
      assert.equal(b.framing, framing, path);
    }
  });

  it("aux endpoints go to handleAux; transcriptions get raw bytes and content-type", async () => {
    for (const [path, endpoint] of [
      ["/v1/embeddings", "embeddings"],
      ["/v1/images/generations", "images.generations"],
      ["/v1/audio/speech", "audio.speech"],
    ] as const) {
      const r = await post(path, { model: "x", input: "hi" });
      assert.equal(r.status, 200);
      assert.equal((await read<Echo>(r)).endpoint, endpoint);
    }
    const form = new FormData();
    form.append("model", "whisper-1");
    form.append("file", new Blob([new Uint8Array([1, 2, 3])]), "a.wav");
    const r = await fetch(`${srv.url}/v1/audio/transcriptions`, { method: "POST", body: form });
    assert.equal(r.status, 200);
    const b = await read<Echo>(r);
    assert.equal(b.endpoint, "audio.transcriptions");
    assert.ok(b.body.bytes > 3);
    assert.match(b.body.contentType, /^multipart\/form-data; boundary=/);
    const last = gateway.auxCalls.at(-1);
    assert.ok(last?.body instanceof Uint8Array);
  });

  it("count_tokens estimates locally from the decoded request", async () => {
    const r = await post("/v1/messages/count_tokens", {
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: "x".repeat(400) }],
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { input_tokens: 100 });
    const bad = await post("/v1/messages/count_tokens", { model: "c", messages: "nope" });
    assert.equal(bad.status, 400);
    const e = await read<ErrorBody>(bad);
    assert.equal(e.type, "error");
    assert.equal(e.error.type, "invalid_request_error");
    assert.match(e.error.message, /messages/);
  });

  it("Gemini countTokens", async () => {
    const r = await post("/v1beta/models/gemini-2.5-flash:countTokens", {
      contents: [{ role: "user", parts: [{ text: "y".repeat(80) }] }],
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { totalTokens: 20 });
  });

  it("GET /v1/models: OpenAI list shape, Anthropic shape for the Anthropic SDK, one model", async () => {
    const r = await fetch(`${srv.url}/v1/models`);
    assert.equal(r.status, 200);
    const b = await read<OpenAIList>(r);
    assert.equal(b.object, "list");
    assert.equal(b.data[0]?.id, "gpt-4o-mini");
    assert.equal(b.data[0]?.owned_by, "openai");
    const a = await read<OpenAIList>(
      await fetch(`${srv.url}/v1/models`, { headers: { "anthropic-version": "2023-06-01" } }),
    );
    assert.equal(a.data[0]?.type, "model");
    assert.equal(a.has_more, false);
    assert.equal(a.first_id, "gpt-4o-mini");
    const one = await fetch(`${srv.url}/v1/models/fast`);
    assert.deepEqual((await read<Listing>(one)).targets, ["gpt-4o-mini"]);
    const missing = await fetch(`${srv.url}/v1/models/nope`);
    assert.equal(missing.status, 404);
    assert.equal((await read<ErrorBody>(missing)).error.code, "model_not_found");
  });

  it("GET /v1beta/models: Gemini's list shape", async () => {
    const b = await read<{ models: GeminiModel[] }>(await fetch(`${srv.url}/v1beta/models`));
    assert.equal(b.models[0]?.name, "models/gpt-4o-mini");
    assert.equal(b.models[0]?.inputTokenLimit, 128000);
    assert.ok(b.models[0]?.supportedGenerationMethods.includes("generateContent"));
    const one = await fetch(`${srv.url}/v1beta/models/gpt-4o-mini`);
    assert.equal((await read<GeminiModel>(one)).name, "models/gpt-4o-mini");
    const missing = await fetch(`${srv.url}/v1beta/models/nope`);
    assert.equal(missing.status, 404);
    assert.equal((await read<ErrorBody>(missing)).error.status, "NOT_FOUND");
  });

  it("GET /healthz", async () => {
    const r = await fetch(`${srv.url}/healthz`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: "ok" });
  });

  it("JSON results keep the core's status and headers; binary bodies are sent as bytes", async () => {
    const g = fakeGateway(
      () => ({
        kind: "json",
        status: 429,
        headers: { "retry-after": "7", "content-type": "application/json" },
        body: {
          error: { message: "slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
        },
      }),
      () => ({
        kind: "json",
        status: 200,
        headers: { "content-type": "audio/mpeg" },
        body: new Uint8Array([9, 8, 7]),
      }),
    );
    const s = await listen({ gateway: g });
    try {
      const r = await fetch(`${s.url}/v1/chat/completions`, { method: "POST", headers: json, body: "{}" });
      assert.equal(r.status, 429);
      assert.equal(r.headers.get("retry-after"), "7");
      assert.equal((await read<ErrorBody>(r)).error.code, "rate_limit_exceeded");
      const a = await fetch(`${s.url}/v1/audio/speech`, { method: "POST", headers: json, body: "{}" });
      assert.equal(a.headers.get("content-type"), "audio/mpeg");
      assert.deepEqual(new Uint8Array(await a.arrayBuffer()), new Uint8Array([9, 8, 7]));
    } finally {
      await s.close();
    }
  });
});
