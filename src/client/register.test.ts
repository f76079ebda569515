import assert from "node:assert/strict";
import { test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { SwitchyardError } from "../ir/error.ts";
import { providerConfigOf } from "./register.ts";

test("an OpenAI client: key, base URL, default headers, organization and project", () => {
  const c = new OpenAI({
    apiKey: "sk-o",
    baseURL: "http://o.example/v1/",
    defaultHeaders: { "x-team": "a" },
    organization: "org-1",
    project: "proj-1",
  });
  assert.deepEqual(providerConfigOf(c), {
    type: "openai",
    apiKey: "sk-o",
    baseURL: "http://o.example/v1",
    headers: { "x-team": "a", "OpenAI-Organization": "org-1", "OpenAI-Project": "proj-1" },
  });
});

test("an Anthropic client: key, base URL, default headers", () => {
  const c = new Anthropic({
    apiKey: "sk-a",
    baseURL: "http://a.example",
    defaultHeaders: { "anthropic-beta": "b1" },
  });
  assert.deepEqual(providerConfigOf(c), {
    type: "anthropic",
    apiKey: "sk-a",
    baseURL: "http://a.example",
    headers: { "anthropic-beta": "b1" },
  });
});

test("a GoogleGenAI client: apiKey and httpOptions (the SDK's own headers left out)", () => {
  const c = new GoogleGenAI({
    apiKey: "g-k",
    httpOptions: { baseUrl: "http://g.example/", headers: { "x-g": "1" } },
  });
  assert.deepEqual(providerConfigOf(c), {
    type: "gemini",
    apiKey: "g-k",
    baseURL: "http://g.example",
    headers: { "x-g": "1" },
  });
  const plain = providerConfigOf(new GoogleGenAI({ apiKey: "g-k" }));
  assert.equal(plain.type, "gemini");
  assert.equal(plain.apiKey, "g-k");
});

test("GoogleGenAI on Vertex AI is refused", () => {
  const c = new GoogleGenAI({ vertexai: true, project: "p", location: "us-central1" });
  assert.throws(() => providerConfigOf(c), /vertexai/);
});

test("a provider config is validated and normalised", () => {
  assert.deepEqual(
    providerConfigOf({ type: "groq", apiKey: "k", baseURL: "http://x/v1/", headers: { a: "b" } }),
    {
      type: "groq",
      apiKey: "k",
      baseURL: "http://x/v1",
      headers: { a: "b" },
    },
  );
  assert.deepEqual(providerConfigOf({ type: "anthropic" }), { type: "anthropic" });
  assert.throws(() => providerConfigOf({ type: "nope" }), /unknown provider type "nope"/);
  assert.throws(
    () => providerConfigOf({ hello: 1 }),
    (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request",
  );
});
