import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { PROVIDERS } from "../providers/registry.ts";
import { resolveModel } from "./resolve.ts";

const opts = { providers: PROVIDERS };

test("bare names resolve by catalog and by prefix", () => {
  assert.deepEqual(resolveModel("gpt-4o-mini", opts), [{ provider: "openai", model: "gpt-4o-mini" }]);
  assert.deepEqual(resolveModel("gpt-4o-2024-08-06", opts), [
    { provider: "openai", model: "gpt-4o-2024-08-06" },
  ]);
  assert.deepEqual(resolveModel("claude-haiku-4-5", opts), [
    { provider: "anthropic", model: "claude-haiku-4-5" },
  ]);
  assert.deepEqual(resolveModel("claude-future-9", opts), [
    { provider: "anthropic", model: "claude-future-9" },
  ]);
  assert.deepEqual(resolveModel("gemini-2.5-flash", opts), [
    { provider: "gemini", model: "gemini-2.5-flash" },
  ]);
  assert.deepEqual(resolveModel("o4-mini", opts), [{ provider: "openai", model: "o4-mini" }]);
  assert.deepEqual(resolveModel("grok-4", opts), [{ provider: "xai", model: "grok-4" }]);
});

test("provider/model picks the provider; the rest passes through untouched", () => {
  assert.deepEqual(resolveModel("openrouter/meta-llama/llama-3.1-8b-instruct:free", opts), [
    { provider: "openrouter", model: "meta-llama/llama-3.1-8b-instruct:free" },
  ]);
  assert.deepEqual(resolveModel("anthropic/claude-sonnet-4-5", opts), [
    { provider: "anthropic", model: "claude-sonnet-4-5" },
  ]);
  assert.deepEqual(resolveModel("ollama/llama3.2", opts), [{ provider: "ollama", model: "llama3.2" }]);
});

test("aliases and pools expand in order, recursively", () => {
  const aliases = { fast: ["gemini-2.5-flash", "smart"], smart: "anthropic/claude-sonnet-4-5" };
  assert.deepEqual(resolveModel("fast", { ...opts, aliases }), [
    { provider: "gemini", model: "gemini-2.5-flash" },
    { provider: "anthropic", model: "claude-sonnet-4-5" },
  ]);
});

test("unknown names and alias cycles are clear errors", () => {
  assert.throws(
    () => resolveModel("mystery-model", opts),
    (e: unknown) =>
      e instanceof SwitchyardError &&
      e.kind === "not_found" &&
      e.param === "model" &&
      /provider\/model/.test(e.message),
  );
  assert.throws(
    () => resolveModel("a", { ...opts, aliases: { a: "b", b: "a" } }),
    (e: unknown) => e instanceof SwitchyardError && /cycle: a → b → a/.test(e.message),
  );
});
