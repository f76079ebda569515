/**
 * The official SDKs against the server (with a fake core): each sends its key its own way,
 * gets its own error class for a bad key, and can list models in its own shape.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { createAuth } from "./auth.ts";
import { fakeGateway, listen, type Running } from "./test-kit.ts";

const KEY = "gw-sdk-key";

describe("official SDKs against the server", () => {
  let srv: Running;
  before(async () => {
    srv = await listen({ gateway: fakeGateway(), auth: createAuth(KEY) });
  });
  after(() => srv.close());

  const openai = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${srv.url}/v1`, maxRetries: 0 });
  const anthropic = (apiKey: string) => new Anthropic({ apiKey, baseURL: srv.url, maxRetries: 0 });
  const google = (apiKey: string) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: srv.url } });

  it("OpenAI: Bearer key; AuthenticationError for a bad one; models.list", async () => {
    await assert.rejects(
      openai("wrong").models.list(),
      (e: unknown) => e instanceof OpenAI.AuthenticationError,
    );
    const list = await openai(KEY).models.list();
    assert.deepEqual(
      list.data.map((m) => m.id),
      ["gpt-4o-mini", "fast"],
    );
  });

  it("Anthropic: x-api-key; AuthenticationError; models.list and count_tokens", async () => {
    await assert.rejects(
      anthropic("wrong").messages.create({
        model: "m",
        max_tokens: 5,
        messages: [{ role: "user", content: "hi" }],
      }),
      (e: unknown) => e instanceof Anthropic.AuthenticationError && /invalid gateway key/.test(e.message),
    );
    const list = await anthropic(KEY).models.list();
    assert.deepEqual(
      list.data.map((m) => m.id),
      ["gpt-4o-mini", "fast"],
    );
    const count = await anthropic(KEY).messages.countTokens({
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: "x".repeat(40) }],
    });
    assert.equal(count.input_tokens, 10);
  });

  it("Google: x-goog-api-key; ApiError 401; models.list and countTokens", async () => {
    await assert.rejects(
      google("wrong").models.generateContent({ model: "gemini-2.5-flash", contents: "hi" }),
      (e: unknown) => e instanceof ApiError && e.status === 401,
    );
    const names: string[] = [];
    for await (const m of await google(KEY).models.list()) names.push(m.name ?? "");
    assert.deepEqual(names, ["models/gpt-4o-mini", "models/fast"]);
    const count = await google(KEY).models.countTokens({
      model: "gemini-2.5-flash",
      contents: "y".repeat(40),
    });
    assert.equal(count.totalTokens, 10);
  });
});
