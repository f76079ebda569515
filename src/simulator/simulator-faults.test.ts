/**
 * End to end: the fault and pacing controls, seen through the official SDKs pointed at a
 * loopback simulator.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { startSimulator } from "./index.ts";
import type { RunningSimulator } from "./types.ts";

let sim: RunningSimulator;
let openai: OpenAI;
let anthropic: Anthropic;
let google: GoogleGenAI;

before(async () => {
  sim = await startSimulator({ port: 0 });
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${sim.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-ant-test", baseURL: sim.url, maxRetries: 0 });
  google = new GoogleGenAI({
    apiKey: "g-test",
    httpOptions: { baseUrl: sim.url, retryOptions: { attempts: 1 } },
  });
});
after(() => sim.close());

describe("fault controls as the SDKs see them", () => {
  test("429 with retry-after (OpenAI RateLimitError; Gemini ApiError RESOURCE_EXHAUSTED)", async () => {
    const err = await openai.responses.create({ model: "gpt-5~error=429", input: "x" }).catch((e) => e);
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.headers.get("retry-after"), "1");
    assert.equal(err.headers.get("retry-after-ms"), "1000");
    assert.equal((err.error as { code?: string }).code, "rate_limit_exceeded");

    const g = await google.models
      .generateContent({ model: "gemini-2.5-flash~error=429", contents: "x" })
      .catch((e) => e);
    assert.ok(g instanceof ApiError);
    assert.equal(g.status, 429);
    assert.match(g.message, /RESOURCE_EXHAUSTED/);
  });

  test("500 and overload in OpenAI's and Gemini's terms", async () => {
    const e500 = await openai.chat.completions
      .create({ model: "gpt-4o~error=500", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    assert.ok(e500 instanceof OpenAI.InternalServerError);
    assert.equal(e500.status, 500);
    const g = await google.models
      .generateContent({ model: "gemini-2.5-flash~error=529", contents: "x" })
      .catch((e) => e);
    assert.ok(g instanceof ApiError);
    assert.equal(g.status, 503);
    assert.match(g.message, /UNAVAILABLE/);
  });

  test("fail twice, then succeed: the SDK's own retries (honouring retry-after-ms) get through", async () => {
    const retrying = new OpenAI({ apiKey: "k", baseURL: `${sim.url}/v1`, maxRetries: 2 });
    const r = await retrying.chat.completions.create({
      model: "gpt-4o~error=429~fail=2~retry=0.01",
      messages: [{ role: "user", content: "again" }],
    });
    assert.equal(r.choices[0]?.message.content, "Echo: again");
    assert.equal(r.model, "gpt-4o", "controls are stripped from the echoed model");
  });

  test("529 is Anthropic's OverloadedError; 500 its InternalServerError; retried 529 succeeds", async () => {
    const params = { max_tokens: 10, messages: [{ role: "user" as const, content: "x" }] };
    const e529 = await anthropic.messages
      .create({ model: "claude-haiku-4-5~error=529", ...params })
      .catch((e) => e);
    assert.ok(e529 instanceof Anthropic.OverloadedError);
    assert.equal(e529.status, 529);
    assert.equal((e529.error as { error?: { type?: string } }).error?.type, "overloaded_error");
    const e500 = await anthropic.messages
      .create({ model: "claude-haiku-4-5", ...params }, { headers: { "x-sim-error": "500" } })
      .catch((e) => e);
    assert.ok(e500 instanceof Anthropic.InternalServerError);
    assert.equal(e500.status, 500);

    const retrying = new Anthropic({ apiKey: "k", baseURL: sim.url, maxRetries: 1 });
    const ok = await retrying.messages.create({
      model: "claude-haiku-4-5~error=529~fail=1~retry=0.01",
      ...params,
    });
    assert.equal(ok.model, "claude-haiku-4-5");
  });

  test("hang: bounded by the client's timeout", async () => {
    const t0 = Date.now();
    const err = await openai.responses
      .create({ model: "gpt-5~hang", input: "x" }, { timeout: 300 })
      .catch((e) => e);
    assert.ok(err instanceof OpenAI.APIConnectionTimeoutError, String(err));
    assert.ok(Date.now() - t0 < 3000);
  });

  test("disconnect mid-stream raises in every SDK's stream", async () => {
    const chunk = { headers: { "x-sim-chunk": "2" } };
    const cut = /terminated/;
    await assert.rejects(
      openai.responses
        .stream({ model: "gpt-5~disconnect=4", input: "a long enough answer" }, chunk)
        .finalResponse(),
      cut,
    );
    await assert.rejects(
      openai.chat.completions
        .stream(
          { model: "gpt-4o~disconnect=3", messages: [{ role: "user", content: "a long answer" }] },
          chunk,
        )
        .finalChatCompletion(),
      cut,
    );
    await assert.rejects(
      anthropic.messages
        .stream(
          {
            model: "claude-haiku-4-5~disconnect=4",
            max_tokens: 100,
            messages: [{ role: "user", content: "abc" }],
          },
          chunk,
        )
        .finalMessage(),
      cut,
    );
    let seen = "";
    await assert.rejects(async () => {
      const stream = await google.models.generateContentStream({
        model: "gemini-2.5-flash~disconnect=1~chunk=2",
        contents: "a long enough answer",
      });
      for await (const c of stream) seen += c.text ?? "";
    }, cut);
    assert.equal(seen, "Ec", "the events before the cut arrive");
    // not streamed: the connection drops before any answer
    await assert.rejects(
      openai.responses.create({ model: "gpt-5~disconnect", input: "x" }),
      OpenAI.APIConnectionError,
    );
  });

  test("latency, time to first token and token rate are honoured", async () => {
    let t0 = Date.now();
    await openai.responses.create({ model: "gpt-5~latency=150", input: "x" });
    assert.ok(Date.now() - t0 >= 140);

    t0 = Date.now();
    const stream = await openai.chat.completions.create({
      model: "gpt-4o~ttft=120~tps=200~chunk=4",
      messages: [{ role: "user", content: "twenty chars of text" }], // answer: 26 chars ≈ 7 tokens
      stream: true,
    });
    let first = 0;
    let text = "";
    for await (const c of stream) {
      if (first === 0 && c.choices[0]?.delta.content) first = Date.now() - t0;
      text += c.choices[0]?.delta.content ?? "";
    }
    const total = Date.now() - t0;
    assert.equal(text, "Echo: twenty chars of text");
    assert.ok(first >= 110, `first token after ${first} ms`);
    assert.ok(total >= 110 + 25, `whole stream in ${total} ms`); // 7 tokens at 200/s ≈ 35 ms
  });
});
