import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { PROVIDERS } from "../../providers/registry.ts";
import type { Capability } from "../../providers/spec.ts";
import { CAPABILITY_TABLE, capabilitiesMarkdown, type FactoryCapability } from "./capabilities.ts";
import { AIFactory } from "./factory.ts";

const DOC = new URL("../../../docs/factory.md", import.meta.url);
const START = "<!-- capabilities:start (generated from src/client/factory/capabilities.ts) -->";
const END = "<!-- capabilities:end -->";

test("docs/factory.md holds the table generated from the data (UPDATE_DOCS=1 rewrites it)", () => {
  const doc = readFileSync(DOC, "utf8");
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  assert.ok(a >= 0 && b > a, "docs/factory.md lacks the capabilities markers");
  const want = `${START}\n\n${capabilitiesMarkdown()}\n\n${END}`;
  const have = doc.slice(a, b + END.length);
  if (process.env.UPDATE_DOCS === "1" && have !== want) {
    writeFileSync(DOC, doc.slice(0, a) + want + doc.slice(b + END.length));
    return;
  }
  assert.equal(have, want, "the docs table is stale: run with UPDATE_DOCS=1");
});

/** What the core needs in a provider's spec to serve each factory capability. */
const SPEC_NEEDS: Readonly<Record<FactoryCapability, Capability>> = {
  language: "chat",
  embeddings: "embeddings",
  reranking: "reranking",
  "speech-to-text": "audio",
  "text-to-speech": "audio",
};

test("the table covers every provider and claims nothing the provider spec lacks", () => {
  assert.deepEqual(
    CAPABILITY_TABLE.map((r) => r.provider),
    PROVIDERS.map((p) => p.id),
  );
  for (const row of CAPABILITY_TABLE) {
    const spec = PROVIDERS.find((p) => p.id === row.provider);
    for (const cap of row.capabilities) {
      assert.ok(spec?.capabilities.includes(SPEC_NEEDS[cap]), `${row.provider}: ${cap}`);
    }
    // every OpenAI-compatible provider with embeddings in its spec is served by the core's forwarding
    if (spec?.formats.includes("openai-chat") && spec.capabilities.includes("embeddings")) {
      assert.ok(row.capabilities.includes("embeddings"), `${row.provider} embeddings`);
    }
  }
});

test("capabilities are readable in code", () => {
  assert.deepEqual(AIFactory.capabilities("anthropic"), ["language"]);
  assert.deepEqual(AIFactory.capabilities("openai"), [
    "language",
    "embeddings",
    "speech-to-text",
    "text-to-speech",
  ]);
  assert.ok(AIFactory.providers().includes("ollama"));
  assert.deepEqual(AIFactory.providers("text-to-speech"), ["openai", "groq"]);
  assert.deepEqual(AIFactory.providers("reranking"), []);
  assert.equal(AIFactory.supports("gemini", "embeddings"), true);
  assert.equal(AIFactory.supports("anthropic", "embeddings"), false);
  assert.equal(AIFactory.supports("nope", "language"), false);
  assert.equal(AIFactory.table().length, PROVIDERS.length);
});

test("asking a provider for what it lacks names the provider, the capability and who has it", () => {
  assert.throws(
    () => AIFactory.createEmbedding("anthropic", "claude-haiku-4-5"),
    (e: Error & { code?: string }) => {
      assert.equal(
        e.message,
        "Anthropic (anthropic) does not offer embeddings; providers with embeddings: openai, gemini, openrouter, mistral, together, fireworks, ollama, vllm, lmstudio",
      );
      assert.equal(e.code, "provider_capability_missing");
      return true;
    },
  );
  assert.throws(
    () => AIFactory.createTextToSpeech("gemini", "x"),
    /Google Gemini \(gemini\) does not offer text-to-speech; providers with text-to-speech: openai, groq/,
  );
  assert.throws(
    () => AIFactory.createSpeechToText("deepseek", "x"),
    /does not offer speech-to-text; providers with speech-to-text: openai, groq/,
  );
  assert.throws(
    () => AIFactory.createLanguage("acme", "m"),
    /unknown provider "acme": the factory knows openai, anthropic, gemini/,
  );
  assert.throws(() => AIFactory.capabilities("acme"), /unknown provider "acme"/);
});
