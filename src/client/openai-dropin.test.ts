import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { startSimulator } from "../simulator/index.ts";
import type { AttemptInfo } from "./dropin-fetch.ts";
import { SwitchyardOpenAI, type SwitchyardOpenAIOptions } from "./openai-dropin.ts";

type Sim = Awaited<ReturnType<typeof startSimulator>>;

let sim: Sim;
const clients: SwitchyardOpenAI[] = [];

before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  for (const c of clients) await c.close();
  await sim.close();
});

function client(opts: SwitchyardOpenAIOptions = {}): SwitchyardOpenAI {
  const c = new SwitchyardOpenAI({
    env: {},
    providers: {
      openai: { apiKey: "x", baseURL: `${sim.url}/v1` },
      anthropic: { apiKey: "x", baseURL: sim.url },
      gemini: { apiKey: "x", baseURL: sim.url },
    },
    timeout: 10_000,
    ...opts,
  });
  clients.push(c);
  return c;
}

const POOLS = {
  "text-generation": ["claude-haiku-4-5", "gpt-4o-mini", "gemini-2.5-flash"],
  embedding: ["text-embedding-3-small"],
  "gemini-embedding": ["gemini-embedding-001"],
  "image-generation": ["gpt-image-1"],
  "text-to-speech": ["gpt-4o-mini-tts"],
  "speech-to-text": ["whisper-1"],
};

describe("SwitchyardOpenAI: each method with a pool", () => {
  test("chat.completions.create serves the first pool model, translated to Anthropic", async () => {
    const c = client({ pools: POOLS });
    const { data, response } = await c.chat.completions
      .create({ model: "text-generation", messages: [{ role: "user", content: "hello" }] })
      .withResponse();
    const r: OpenAI.Chat.ChatCompletion = data;
    assert.equal(r.object, "chat.completion");
    assert.equal(r.choices[0]?.message.content, "Echo: hello");
    assert.equal(response.headers.get("x-switchyard-provider"), "anthropic");
    assert.equal(response.headers.get("x-switchyard-model"), "claude-haiku-4-5");
    assert.equal(response.headers.get("x-switchyard-served-by"), "claude-haiku-4-5");
    assert.equal(response.headers.get("x-switchyard-pool"), "text-generation");
    assert.equal(response.headers.get("x-switchyard-attempts"), "1");
  });

  test("chat.completions.create with stream: the SDK's Stream of chunks", async () => {
    const c = client({ pools: { chat: ["gemini-2.5-flash"] } });
    const stream = await c.chat.completions.create({
      model: "chat",
      messages: [{ role: "user", content: "stream me a longer answer please" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const typed: OpenAI.Chat.ChatCompletionChunk = chunk;
      chunks++;
      text += typed.choices[0]?.delta.content ?? "";
      if (typed.usage) usage = typed.usage;
    }
    assert.equal(text, "Echo: stream me a longer answer please");
    assert.ok(chunks > 2);
    assert.ok(usage !== undefined && usage !== null && usage.completion_tokens > 0);
  });

  test("chat.completions.stream helper (the SDK's ChatCompletionStream) works over the pool", async () => {
    const c = client({ pools: { chat: ["gpt-4o-mini"] } });
    const runner = c.chat.completions.stream({ model: "chat", messages: [{ role: "user", content: "hi" }] });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices[0]?.message.content, "Echo: hi");
  });

  test("responses.create, plain and streamed", async () => {
    const c = client({ pools: POOLS });
    const r: OpenAI.Responses.Response = await c.responses.create({
      model: "text-generation",
      input: "hello",
    });
    assert.equal(r.output_text, "Echo: hello");
    const stream = await c.responses.create({ model: "text-generation", input: "streamed", stream: true });
    let text = "";
    let completed = false;
    for await (const ev of stream) {
      const typed: OpenAI.Responses.ResponseStreamEvent = ev;
      if (typed.type === "response.output_text.delta") text += typed.delta;
      if (typed.type === "response.completed") completed = true;
    }
    assert.equal(text, "Echo: streamed");
    assert.ok(completed);
  });

  test("embeddings.create (OpenAI, and Gemini translated)", async () => {
    const c = client({ pools: POOLS });
    const e: OpenAI.CreateEmbeddingResponse = await c.embeddings.create({
      model: "embedding",
      input: ["a", "b"],
      dimensions: 4,
    });
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0]?.embedding.length, 4);
    const g = await c.embeddings.create({ model: "gemini-embedding", input: "a" });
    assert.equal(g.data.length, 1);
    assert.ok((g.data[0]?.embedding.length ?? 0) > 0);
  });

  test("images.generate", async () => {
    const c = client({ pools: POOLS });
    const img: OpenAI.ImagesResponse = await c.images.generate({
      model: "image-generation",
      prompt: "a cat",
      n: 2,
    });
    assert.equal(img.data?.length, 2);
    assert.ok((img.data?.[0]?.b64_json ?? "").length > 0);
  });

  test("audio.speech.create returns the audio bytes", async () => {
    const c = client({ pools: POOLS });
    const res: Response = await c.audio.speech.create({
      model: "text-to-speech",
      input: "hello",
      voice: "alloy",
      response_format: "wav",
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 4)), "RIFF");
    assert.equal(res.headers.get("x-switchyard-served-by"), "gpt-4o-mini-tts");
  });

  test("audio.transcriptions.create sends the multipart upload (model rewritten per pool member)", async () => {
    const c = client({ pools: POOLS });
    const file = new File([new Uint8Array(100)], "a.wav", { type: "audio/wav" });
    const t: OpenAI.Audio.Transcription = await c.audio.transcriptions.create({
      model: "speech-to-text",
      file,
    });
    assert.equal(t.text, "simulated transcription (100 bytes)");
  });

  test("a real model name (not a pool) works too, provider/model included", async () => {
    const c = client({ pools: POOLS });
    const r = await c.chat.completions.create({
      model: "openai/gpt-4o",
      messages: [{ role: "user", content: "direct" }],
    });
    assert.equal(r.choices[0]?.message.content, "Echo: direct");
  });

  test("models.list lists the pools with their members, and the providers' models", async () => {
    const c = client({ pools: POOLS });
    const ids: string[] = [];
    for await (const m of c.models.list()) ids.push(m.id);
    assert.ok(ids.includes("text-generation"));
    assert.ok(ids.includes("gpt-4o-mini"));
  });
});

describe("SwitchyardOpenAI: failover and cooldown", () => {
  for (const fault of ["error=500", "error=429", "error=503", "disconnect=0"]) {
    test(`a failing first model (~${fault}) fails over to the next`, async () => {
      const attempts: AttemptInfo[] = [];
      const c = client({
        pools: { tg: [`gpt-4o-mini~${fault}`, "claude-haiku-4-5"] },
        onAttempt: (a) => attempts.push(a),
      });
      const { data, response } = await c.chat.completions
        .create({ model: "tg", messages: [{ role: "user", content: "failover" }] })
        .withResponse();
      assert.equal(data.choices[0]?.message.content, "Echo: failover");
      assert.equal(response.headers.get("x-switchyard-model"), "claude-haiku-4-5");
      assert.equal(response.headers.get("x-switchyard-attempts"), "2");
      assert.equal(response.headers.get("x-switchyard-failed-over"), `gpt-4o-mini~${fault}`);
      assert.deepEqual(
        attempts.map((a) => [a.model, a.ok, a.retryable]),
        [
          [`gpt-4o-mini~${fault}`, false, true],
          ["claude-haiku-4-5", true, false],
        ],
      );
    });
  }

  test("a streamed request fails over when the first model errors before the first byte", async () => {
    const c = client({ pools: { tg: ["gpt-4o-mini~error=500", "gemini-2.5-flash"] } });
    const { data: stream, response } = await c.chat.completions
      .create({ model: "tg", messages: [{ role: "user", content: "s" }], stream: true })
      .withResponse();
    let text = "";
    for await (const ch of stream) text += ch.choices[0]?.delta.content ?? "";
    assert.equal(text, "Echo: s");
    assert.equal(response.headers.get("x-switchyard-provider"), "gemini");
  });

  test("retry: with `retry`, a model is retried (after the injected backoff) before the pool moves on", async () => {
    const own = await startSimulator({ port: 0 });
    const sleeps: number[] = [];
    const c = new SwitchyardOpenAI({
      env: {},
      providers: {
        openai: { apiKey: "x", baseURL: `${own.url}/v1` },
        anthropic: { apiKey: "x", baseURL: own.url },
      },
      pools: { tg: ["gpt-4o-mini~fail=1", "claude-haiku-4-5"] },
      retry: { maxRetries: 1, baseDelayMs: 40 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    try {
      const { response } = await c.chat.completions
        .create({ model: "tg", messages: [{ role: "user", content: "r" }] })
        .withResponse();
      assert.equal(response.headers.get("x-switchyard-served-by"), "gpt-4o-mini~fail=1");
      assert.equal(response.headers.get("x-switchyard-attempts"), "2");
      assert.equal(sleeps.length, 1);
      assert.ok(sleeps[0]! >= 0 && sleeps[0]! < 40);
    } finally {
      await c.close();
      await own.close();
    }
  });

  test("cooldown: a failing model is skipped on the next call and tried again after the period", async () => {
    let now = 1_000_000;
    const attempts: AttemptInfo[] = [];
    const c = client({
      pools: { tg: ["gpt-4o-mini~fail=1", "claude-haiku-4-5"] },
      cooldown: { failures: 1, windowMs: 10_000, cooldownMs: 30_000 },
      now: () => now,
      onAttempt: (a) => attempts.push(a),
    });
    const ask = () =>
      c.chat.completions.create({ model: "tg", messages: [{ role: "user", content: "cd" }] }).withResponse();

    const first = await ask(); // the first model fails once (~fail=1) → failover, cooldown
    assert.equal(first.response.headers.get("x-switchyard-served-by"), "claude-haiku-4-5");
    assert.equal(first.response.headers.get("x-switchyard-attempts"), "2");

    now += 29_000; // still cooling down: skipped, no attempt at it
    const second = await ask();
    assert.equal(second.response.headers.get("x-switchyard-served-by"), "claude-haiku-4-5");
    assert.equal(second.response.headers.get("x-switchyard-attempts"), "1");

    now += 2_000; // the period is over: tried first again, and it has recovered
    const third = await ask();
    assert.equal(third.response.headers.get("x-switchyard-served-by"), "gpt-4o-mini~fail=1");
    assert.equal(third.response.headers.get("x-switchyard-attempts"), "1");
    assert.deepEqual(
      attempts.map((a) => `${a.model}:${a.status}`),
      ["gpt-4o-mini~fail=1:500", "claude-haiku-4-5:200", "claude-haiku-4-5:200", "gpt-4o-mini~fail=1:200"],
    );
  });

  test("cooldown needs `failures` failures within the window (default 3)", async () => {
    let now = 0;
    const c = client({ pools: { tg: ["gpt-4o-mini~error=500", "claude-haiku-4-5"] }, now: () => now });
    const attemptsOf = async () => {
      const { response } = await c.chat.completions
        .create({ model: "tg", messages: [{ role: "user", content: "x" }] })
        .withResponse();
      now += 1000;
      return response.headers.get("x-switchyard-attempts");
    };
    assert.deepEqual(
      [await attemptsOf(), await attemptsOf(), await attemptsOf(), await attemptsOf()],
      ["2", "2", "2", "1"],
    );
  });

  test("every model failing: the last error is thrown as the SDK's APIError, all attempts counted", async () => {
    const c = client({ pools: { tg: ["gpt-4o-mini~error=500", "claude-haiku-4-5~error=503"] } });
    await assert.rejects(
      c.chat.completions.create({ model: "tg", messages: [{ role: "user", content: "x" }] }),
      (e: unknown) => {
        assert.ok(e instanceof OpenAI.APIError);
        assert.ok(e instanceof OpenAI.InternalServerError);
        assert.equal(e.headers?.get("x-switchyard-attempts"), "2");
        assert.equal(
          e.headers?.get("x-switchyard-failed-over"),
          "gpt-4o-mini~error=500,claude-haiku-4-5~error=503",
        );
        return true;
      },
    );
  });

  test("a malformed request (400) is returned at once, without failover or cooldown; a 401 is the deployment's and fails over", async () => {
    const attempts: AttemptInfo[] = [];
    const c = client({
      pools: { tg: ["gpt-4o-mini~error=400", "claude-haiku-4-5"], auth: ["gpt-4o-mini~error=401", "gpt-4o"] },
      cooldown: { failures: 1 },
      onAttempt: (a) => attempts.push(a),
    });
    await assert.rejects(
      c.chat.completions.create({ model: "tg", messages: [{ role: "user", content: "x" }] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.status === 400,
    );
    const { response } = await c.responses.create({ model: "auth", input: "x" }).withResponse();
    assert.equal(response.headers.get("x-switchyard-served-by"), "gpt-4o");
    assert.equal(response.headers.get("x-switchyard-failed-over"), "gpt-4o-mini~error=401");
    assert.deepEqual(
      attempts.map((a) => [a.model, a.status, a.retryable]),
      [
        ["gpt-4o-mini~error=400", 400, false],
        ["gpt-4o-mini~error=401", 401, true],
        ["gpt-4o", 200, false],
      ],
    );
    // cooldown is kept per deployment (provider/model); neither refusal counts against it
    assert.equal(await c.cooldown.isCoolingDown("openai/gpt-4o-mini~error=400", Date.now()), false);
    assert.equal(await c.cooldown.isCoolingDown("openai/gpt-4o-mini~error=401", Date.now()), false);
  });

  test("an unknown pool or model is the SDK's NotFoundError (404 model_not_found)", async () => {
    const c = client({ pools: POOLS });
    await assert.rejects(
      c.chat.completions.create({ model: "text-generatoin", messages: [{ role: "user", content: "x" }] }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found",
    );
    await assert.rejects(
      c.embeddings.create({ model: "no-such-embedder", input: "x" }),
      (e: unknown) => e instanceof OpenAI.NotFoundError,
    );
  });

  test("withOptions clones share the pools and the cooldown state", async () => {
    const c = client({ pools: POOLS });
    const clone = c.withOptions({ timeout: 5000 });
    assert.ok(clone instanceof SwitchyardOpenAI);
    assert.equal(clone.pools, c.pools);
    assert.equal(clone.cooldown, c.cooldown);
    const r = await clone.chat.completions.create({
      model: "text-generation",
      messages: [{ role: "user", content: "clone" }],
    });
    assert.equal(r.choices[0]?.message.content, "Echo: clone");
  });

  test("pools are checked when the client is built", () => {
    assert.throws(() => new SwitchyardOpenAI({ env: {}, pools: { empty: [] } }), /non-empty array/);
    assert.throws(() => new SwitchyardOpenAI({ env: {}, pools: { a: ["b"], b: ["gpt-4o"] } }), /do not nest/);
  });
});

describe("SwitchyardOpenAI: timeouts before the first byte", () => {
  test("a model that hangs (no first byte within timeouts.firstByteMs) fails over, streamed or not", async () => {
    const c = client({
      pools: { tg: ["gpt-4o-mini~hang", "claude-haiku-4-5"] },
      timeouts: { firstByteMs: 200 },
    });
    const { data: stream, response } = await c.chat.completions
      .create({ model: "tg", messages: [{ role: "user", content: "h" }], stream: true })
      .withResponse();
    let text = "";
    for await (const ch of stream) text += ch.choices[0]?.delta.content ?? "";
    assert.equal(text, "Echo: h");
    assert.equal(response.headers.get("x-switchyard-attempts"), "2");
    const r = await c.responses.create({ model: "tg", input: "h2" });
    assert.equal(r.output_text, "Echo: h2");
  });
});

describe("SwitchyardOpenAI: providers without keys", () => {
  test("a pool member whose provider has no key is skipped (no attempt, no cooldown); alone it is an AuthenticationError naming the variable", async () => {
    const c = new SwitchyardOpenAI({
      env: {},
      providers: { openai: { apiKey: "x", baseURL: `${sim.url}/v1` } },
      pools: { tg: ["claude-haiku-4-5", "gpt-4o-mini"] },
      cooldown: { failures: 1 },
    });
    clients.push(c);
    const { data, response } = await c.chat.completions
      .create({ model: "tg", messages: [{ role: "user", content: "k" }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, "Echo: k");
    // no request was made to it: not an attempt, not a failure
    assert.equal(response.headers.get("x-switchyard-failed-over"), null);
    assert.equal(response.headers.get("x-switchyard-attempts"), "1");
    assert.equal(await c.cooldown.isCoolingDown("anthropic/claude-haiku-4-5", Date.now()), false);
    await assert.rejects(
      c.chat.completions.create({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "k" }] }),
      (e: unknown) =>
        e instanceof OpenAI.AuthenticationError && e.status === 401 && /ANTHROPIC_API_KEY/.test(e.message),
    );
  });

  test("responses.stream helper gives the final response", async () => {
    const c = client({ pools: POOLS });
    const final = await c.responses.stream({ model: "text-generation", input: "helper" }).finalResponse();
    assert.equal(final.output_text, "Echo: helper");
  });
});

describe("SwitchyardOpenAI: timeouts and aborts are the SDK's errors", () => {
  test("the SDK's timeout → APIConnectionTimeoutError; the caller's abort → APIUserAbortError", async () => {
    const c = client({ pools: { p: ["gpt-4o-mini~hang", "gpt-4o"] }, timeout: 300 });
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "x" }];
    await assert.rejects(
      c.chat.completions.create({ model: "p", messages }),
      (e: unknown) => e instanceof OpenAI.APIConnectionTimeoutError,
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(
      c.chat.completions.create({ model: "p", messages }, { signal: ac.signal }),
      (e: unknown) => e instanceof OpenAI.APIUserAbortError,
    );
  });
});
