import assert from "node:assert/strict";
import { test } from "node:test";
import { route, routeFormat } from "./routes.ts";

test("OpenAI and Anthropic paths", () => {
  assert.deepEqual(route("POST", "/v1/responses"), { kind: "generate", format: "openai-responses" });
  assert.deepEqual(route("POST", "/v1/chat/completions"), { kind: "generate", format: "openai-chat" });
  assert.deepEqual(route("POST", "/v1/messages"), { kind: "generate", format: "anthropic-messages" });
  assert.deepEqual(route("POST", "/v1/messages/count_tokens"), {
    kind: "count-tokens",
    format: "anthropic-messages",
  });
  assert.equal(route("POST", "/v1/embeddings")?.kind, "embeddings");
  assert.equal(route("POST", "/v1/images/generations")?.kind, "images");
  assert.equal(route("POST", "/v1/audio/speech")?.kind, "speech");
  assert.equal(route("POST", "/v1/audio/transcriptions")?.kind, "transcriptions");
  assert.deepEqual(route("GET", "/v1/models"), { kind: "models", family: "openai" });
  assert.deepEqual(route("GET", "/v1/models/gpt-4o"), { kind: "model", family: "openai", id: "gpt-4o" });
  assert.equal(route("GET", "/v1/responses"), undefined);
  assert.equal(route("POST", "/v2/responses"), undefined);
});

test("Gemini methods; the model is URL-decoded (controls may ride in it)", () => {
  assert.deepEqual(route("POST", "/v1beta/models/gemini-2.5-flash:generateContent"), {
    kind: "generate",
    format: "gemini",
    model: "gemini-2.5-flash",
    stream: false,
  });
  assert.deepEqual(route("POST", "/v1beta/models/gemini-2.5-flash%7Eerror%3D429:streamGenerateContent"), {
    kind: "generate",
    format: "gemini",
    model: "gemini-2.5-flash~error=429",
    stream: true,
  });
  assert.deepEqual(route("POST", "/v1beta/models/m:countTokens"), {
    kind: "count-tokens",
    format: "gemini",
    model: "m",
  });
  assert.deepEqual(route("POST", "/v1beta/models/e:embedContent"), {
    kind: "gemini-embed",
    model: "e",
    batch: false,
  });
  assert.deepEqual(route("POST", "/v1beta/models/e:batchEmbedContents"), {
    kind: "gemini-embed",
    model: "e",
    batch: true,
  });
  assert.equal(route("POST", "/v1beta/models/m:predict"), undefined);
  assert.deepEqual(route("GET", "/v1beta/models"), { kind: "models", family: "gemini" });
  assert.deepEqual(route("GET", "/v1beta/models/gemini-2.5-pro"), {
    kind: "model",
    family: "gemini",
    id: "gemini-2.5-pro",
  });
  assert.equal(route("GET", "/healthz")?.kind, "health");
});

test("routeFormat: the envelope each route answers errors in", () => {
  assert.equal(routeFormat(route("POST", "/v1/messages")!), "anthropic-messages");
  assert.equal(routeFormat(route("POST", "/v1beta/models/e:embedContent")!), "gemini");
  assert.equal(routeFormat(route("POST", "/v1/embeddings")!), "openai-responses");
  assert.equal(routeFormat(route("GET", "/v1beta/models")!), "gemini");
});
