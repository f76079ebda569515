import assert from "node:assert/strict";
import { test } from "node:test";
import { authHeaders, interpolate, isConfigured, resolveProvider } from "./credentials.ts";
import { providerById } from "./registry.ts";

const openai = providerById("openai")!;
const anthropic = providerById("anthropic")!;
const gemini = providerById("gemini")!;
const ollama = providerById("ollama")!;
const openrouter = providerById("openrouter")!;

test("a parameter beats the environment, which beats the default", () => {
  const env = { OPENAI_API_KEY: "env-key", OPENAI_BASE_URL: "http://env.test/v1/" };
  assert.deepEqual(
    { key: resolveProvider(openai, {}, env).apiKey, base: resolveProvider(openai, {}, env).baseURL },
    { key: "env-key", base: "http://env.test/v1" },
  );
  const p = resolveProvider(openai, { apiKey: "param", baseURL: "http://param.test/v1" }, env);
  assert.equal(p.apiKey, "param");
  assert.equal(p.baseURL, "http://param.test/v1");
  assert.equal(resolveProvider(openai, {}, {}).baseURL, "https://api.openai.com/v1");
  assert.equal(resolveProvider(anthropic, {}, {}).baseURL, "https://api.anthropic.com");
});

test("Gemini reads GEMINI_API_KEY, then GOOGLE_API_KEY", () => {
  assert.equal(resolveProvider(gemini, {}, { GOOGLE_API_KEY: "g" }).apiKey, "g");
  assert.equal(resolveProvider(gemini, {}, { GOOGLE_API_KEY: "g", GEMINI_API_KEY: "m" }).apiKey, "m");
});

test("each provider gets its own auth header and static headers", () => {
  assert.deepEqual(authHeaders(resolveProvider(openai, { apiKey: "k" }, {})), { authorization: "Bearer k" });
  const a = resolveProvider(anthropic, { apiKey: "k" }, {});
  assert.deepEqual(authHeaders(a), { "x-api-key": "k" });
  assert.equal(a.headers["anthropic-version"], "2023-06-01");
  assert.deepEqual(authHeaders(resolveProvider(gemini, { apiKey: "k" }, {})), { "x-goog-api-key": "k" });
});

test("OpenRouter attribution headers come from the environment, with a default title", () => {
  assert.deepEqual(resolveProvider(openrouter, {}, {}).headers, { "X-Title": "Switchyard" });
  assert.deepEqual(
    resolveProvider(
      openrouter,
      {},
      { OPENROUTER_HTTP_REFERER: "https://app.test", OPENROUTER_X_TITLE: "App" },
    ).headers,
    {
      "HTTP-Referer": "https://app.test",
      "X-Title": "App",
    },
  );
});

test("local servers need no key; hosted ones do", () => {
  assert.ok(isConfigured(resolveProvider(ollama, {}, {})));
  assert.equal(resolveProvider(ollama, {}, {}).baseURL, "http://localhost:11434/v1");
  assert.ok(!isConfigured(resolveProvider(openai, {}, {})));
});

test("interpolation", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the string under test is env interpolation syntax
  assert.equal(interpolate("a ${X} b ${Y:-dflt}", { X: "1" }), "a 1 b dflt");
});
