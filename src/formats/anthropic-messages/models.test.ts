import assert from "node:assert/strict";
import { test } from "node:test";
import { modelTraits, parseClaudeVersion } from "./models.ts";

test("parses modern, dated, legacy and named Claude ids", () => {
  assert.deepEqual(parseClaudeVersion("claude-sonnet-4-5-20250929"), {
    family: "sonnet",
    major: 4,
    minor: 5,
  });
  assert.deepEqual(parseClaudeVersion("claude-sonnet-4-20250514"), { family: "sonnet", major: 4, minor: 0 });
  assert.deepEqual(parseClaudeVersion("claude-opus-4-1-20250805"), { family: "opus", major: 4, minor: 1 });
  assert.deepEqual(parseClaudeVersion("claude-opus-5"), { family: "opus", major: 5, minor: 0 });
  assert.deepEqual(parseClaudeVersion("claude-3-7-sonnet-latest"), { family: "sonnet", major: 3, minor: 7 });
  assert.deepEqual(parseClaudeVersion("claude-3-haiku-20240307"), { family: "haiku", major: 3, minor: 0 });
  assert.deepEqual(parseClaudeVersion("anthropic/claude-haiku-4-5"), { family: "haiku", major: 4, minor: 5 });
  assert.deepEqual(parseClaudeVersion("claude-mythos-preview"), { family: "mythos", major: 5, minor: 0 });
  assert.equal(parseClaudeVersion("gpt-4o"), undefined);
});

test("thinking style per generation", () => {
  assert.equal(modelTraits("claude-haiku-4-5-20251001").thinking, "budget");
  assert.equal(modelTraits("claude-opus-4-5").thinking, "budget");
  assert.equal(modelTraits("claude-3-7-sonnet-latest").thinking, "budget");
  assert.equal(modelTraits("claude-opus-4-6").thinking, "adaptive");
  assert.equal(modelTraits("claude-sonnet-4-6").thinking, "adaptive");
  assert.equal(modelTraits("claude-opus-4-7").thinking, "adaptive_only");
  assert.equal(modelTraits("claude-opus-5").thinking, "adaptive_only");
  assert.equal(modelTraits("claude-fable-5-2").thinking, "adaptive_only");
  assert.equal(modelTraits(undefined).thinking, "budget");
  assert.equal(modelTraits("some-proxy-model").thinking, "budget");
});

test("xhigh, sampling and mid-conversation system follow the generation", () => {
  assert.equal(modelTraits("claude-opus-4-6").xhigh, false);
  assert.equal(modelTraits("claude-opus-4-7").xhigh, true);
  assert.equal(modelTraits("claude-opus-4-6").sampling, true);
  assert.equal(modelTraits("claude-opus-4-7").sampling, false);
  assert.equal(modelTraits("claude-opus-4-7").midConversationSystem, false);
  assert.equal(modelTraits("claude-opus-4-8").midConversationSystem, true);
  assert.equal(modelTraits("claude-sonnet-5").midConversationSystem, true);
  assert.equal(modelTraits("claude-sonnet-4-5").midConversationSystem, false);
});

test("default max_tokens fits the model's output ceiling", () => {
  assert.equal(modelTraits("claude-3-haiku-20240307").defaultMaxTokens, 4096);
  assert.equal(modelTraits("claude-3-5-haiku-latest").defaultMaxTokens, 8192);
  assert.equal(modelTraits("claude-opus-4-1").maxOutputTokens, 32000);
  assert.equal(modelTraits("claude-sonnet-4-5").defaultMaxTokens, 16384);
  assert.equal(modelTraits("claude-sonnet-4-5").maxOutputTokens, 64000);
  assert.equal(modelTraits("deepseek-chat").defaultMaxTokens, 4096);
});
