import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { EFFORT_TABLE, EFFORTS } from "../reasoning-effort.ts";
import {
  acceptsJsonSchema,
  decodeThinkingConfig,
  encodeThinkingConfig,
  geminiVersion,
  needsThoughtSignatures,
  thinkingDial,
} from "./reasoning.ts";

test("model ids name their Gemini version; aliases do not", () => {
  assert.equal(geminiVersion("gemini-2.5-flash"), 2.5);
  assert.equal(geminiVersion("gemini-3-pro-preview"), 3);
  assert.equal(geminiVersion("gemini-3.5-flash"), 3.5);
  assert.equal(geminiVersion("models/gemini-2.0-flash-exp"), 2);
  assert.equal(geminiVersion("gemini-flash-latest"), undefined);
  assert.equal(geminiVersion(undefined), undefined);
});

test("one dial per model: level for Gemini 3, budget for 2.5 and for unknown aliases", () => {
  assert.equal(thinkingDial("gemini-3-flash-preview"), "level");
  assert.equal(thinkingDial("gemini-2.5-pro"), "budget");
  assert.equal(thinkingDial("gemini-flash-latest"), "budget");
  assert.ok(needsThoughtSignatures("gemini-3-pro-preview"));
  assert.ok(needsThoughtSignatures("gemini-pro-latest"));
  assert.ok(!needsThoughtSignatures("gemini-2.5-flash"));
  assert.ok(acceptsJsonSchema("gemini-2.5-flash"));
  assert.ok(!acceptsJsonSchema("gemini-2.0-flash"));
});

test("thinkingConfig decodes through the effort table", () => {
  assert.deepEqual(decodeThinkingConfig({ thinkingBudget: 8192 }, "tc"), {
    budget_tokens: 8192,
    effort: "medium",
  });
  assert.deepEqual(decodeThinkingConfig({ thinking_budget: 0 }, "tc"), { budget_tokens: 0, effort: "none" });
  assert.deepEqual(decodeThinkingConfig({ thinkingBudget: -1 }, "tc"), {
    budget_tokens: -1,
    effort: "medium",
  });
  assert.deepEqual(decodeThinkingConfig({ thinkingLevel: "HIGH", includeThoughts: true }, "tc"), {
    effort: "high",
    summary: "auto",
  });
  assert.deepEqual(decodeThinkingConfig({ includeThoughts: false }, "tc"), { summary: null });
  assert.equal(decodeThinkingConfig({}, "tc"), undefined);
});

test("bad thinking settings name their path", () => {
  assert.throws(
    () => decodeThinkingConfig({ thinkingLevel: "extreme" }, "generationConfig.thinkingConfig"),
    (e: unknown) =>
      e instanceof SwitchyardError && e.param === "generationConfig.thinkingConfig.thinkingLevel",
  );
  assert.throws(
    () => decodeThinkingConfig({ thinkingBudget: 1.5 }, "gc.thinkingConfig"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "gc.thinkingConfig.thinkingBudget",
  );
});

test("effort becomes a budget on 2.5 and a level on Gemini 3, from the one table", () => {
  for (const effort of EFFORTS) {
    assert.deepEqual(encodeThinkingConfig({ effort }, "gemini-2.5-flash", []), {
      thinkingBudget: EFFORT_TABLE[effort].geminiBudget,
    });
    assert.deepEqual(encodeThinkingConfig({ effort }, "gemini-3-flash-preview", []), {
      thinkingLevel: EFFORT_TABLE[effort].geminiLevel,
    });
  }
});

test("Pro models get a level they accept", () => {
  assert.deepEqual(encodeThinkingConfig({ effort: "minimal" }, "gemini-3.1-pro-preview", []), {
    thinkingLevel: "low",
  });
  assert.deepEqual(encodeThinkingConfig({ effort: "none" }, "gemini-3-pro-preview", []), {
    thinkingLevel: "low",
  });
  assert.deepEqual(encodeThinkingConfig({ effort: "medium" }, "gemini-3-pro-preview", []), {
    thinkingLevel: "high",
  });
  assert.deepEqual(encodeThinkingConfig({ effort: "medium" }, "gemini-3.1-pro-preview", []), {
    thinkingLevel: "medium",
  });
  assert.deepEqual(encodeThinkingConfig({ effort: "minimal" }, "gemini-3-flash-preview", []), {
    thinkingLevel: "minimal",
  });
});

test("an exact budget (Anthropic budget_tokens) passes through on 2.5 and picks the level on 3", () => {
  assert.deepEqual(encodeThinkingConfig({ budget_tokens: 10000, effort: "high" }, "gemini-2.5-pro", []), {
    thinkingBudget: 10000,
  });
  assert.deepEqual(encodeThinkingConfig({ budget_tokens: 2000 }, "gemini-3-flash-preview", []), {
    thinkingLevel: "low",
  });
});

test("summaries map to includeThoughts; a detail level is reported", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeThinkingConfig({ summary: "detailed" }, "gemini-2.5-pro", dropped), {
    includeThoughts: true,
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["reasoning.summary"],
  );
  assert.deepEqual(encodeThinkingConfig({ summary: "auto" }, undefined, []), { includeThoughts: true });
  assert.equal(encodeThinkingConfig({}, undefined, []), undefined);
});
