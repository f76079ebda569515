import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { seal } from "../sealed-state.ts";
import { modelTraits } from "./models.ts";
import {
  decodeReasoning,
  decodeRedactedBlock,
  decodeThinkingBlock,
  encodeReasoning,
  encodeReasoningItem,
} from "./reasoning.ts";

const budgetModel = modelTraits("claude-sonnet-4-5");
const adaptive46 = modelTraits("claude-opus-4-6");
const adaptiveOnly = modelTraits("claude-opus-4-7");

test("thinking config decodes: budget, adaptive + effort, disabled, effort alone", () => {
  assert.deepEqual(decodeReasoning({ type: "enabled", budget_tokens: 3000 }, undefined, ""), {
    reasoning: { effort: "low", budget_tokens: 3000 },
  });
  assert.deepEqual(decodeReasoning({ type: "adaptive", display: "summarized" }, "xhigh", ""), {
    reasoning: { effort: "xhigh" },
    thinkingRaw: { display: "summarized" },
  });
  assert.deepEqual(decodeReasoning({ type: "adaptive" }, undefined, ""), { reasoning: {} });
  assert.deepEqual(decodeReasoning({ type: "disabled" }, undefined, ""), { reasoning: { effort: "none" } });
  assert.deepEqual(decodeReasoning(undefined, "low", ""), {
    reasoning: { effort: "low" },
    thinkingRaw: null,
  });
  assert.deepEqual(decodeReasoning(undefined, undefined, ""), {});
  assert.throws(() => decodeReasoning({ type: "enabled" }, undefined, ""), /thinking\.budget_tokens/);
});

test("effort from another format becomes a budget on older models", () => {
  const dropped: Dropped[] = [];
  // Room for the budget on top of the default, up to the non-streaming ceiling.
  assert.deepEqual(encodeReasoning({ effort: "high" }, budgetModel, undefined, undefined, dropped), {
    thinking: { type: "enabled", budget_tokens: 16384 },
    maxTokens: 21333,
  });
  assert.deepEqual(encodeReasoning({ effort: "high" }, budgetModel, undefined, undefined, dropped, true), {
    thinking: { type: "enabled", budget_tokens: 16384 },
    maxTokens: 32768,
  });
  // The caller's max_tokens wins; the budget is clamped below it.
  assert.deepEqual(encodeReasoning({ effort: "high" }, budgetModel, 8000, undefined, dropped), {
    thinking: { type: "enabled", budget_tokens: 7999 },
    maxTokens: 8000,
  });
  assert.deepEqual(encodeReasoning({ effort: "none" }, budgetModel, 1000, undefined, dropped), {
    thinking: { type: "disabled" },
    maxTokens: 1000,
  });
  assert.deepEqual(encodeReasoning(null, budgetModel, undefined, undefined, dropped), { maxTokens: 16384 });
  assert.deepEqual(dropped, []);
  // No room for the minimum budget: sent without thinking, and said so.
  const noRoom: Dropped[] = [];
  assert.deepEqual(encodeReasoning({ effort: "low" }, budgetModel, 1024, undefined, noRoom), {
    maxTokens: 1024,
  });
  assert.equal(noRoom[0]?.path, "reasoning");
});

test("adaptive models take adaptive thinking + effort; xhigh only where supported", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeReasoning({ effort: "medium" }, adaptive46, 4096, undefined, dropped), {
    thinking: { type: "adaptive" },
    effort: "medium",
    maxTokens: 4096,
  });
  assert.deepEqual(encodeReasoning({ effort: "xhigh" }, adaptive46, 4096, undefined, dropped), {
    thinking: { type: "adaptive" },
    effort: "high",
    maxTokens: 4096,
  });
  assert.equal(dropped[0]?.path, "reasoning.effort");
  dropped.length = 0;
  assert.deepEqual(
    encodeReasoning({ effort: "xhigh", summary: "auto" }, adaptiveOnly, 4096, undefined, dropped),
    {
      thinking: { type: "adaptive", display: "summarized" },
      effort: "xhigh",
      maxTokens: 4096,
    },
  );
  // An exact budget (e.g. from Gemini) is kept on 4.6, turned into effort on 4.7+.
  assert.deepEqual(
    encodeReasoning({ effort: "low", budget_tokens: 3000 }, adaptive46, 4096, undefined, dropped),
    {
      thinking: { type: "enabled", budget_tokens: 3000 },
      maxTokens: 4096,
    },
  );
  assert.deepEqual(encodeReasoning({ budget_tokens: 3000 }, adaptiveOnly, 4096, undefined, dropped), {
    thinking: { type: "adaptive" },
    effort: "low",
    maxTokens: 4096,
  });
  assert.equal(dropped[0]?.path, "reasoning.budget_tokens");
  // minimal has no Anthropic effort of its own.
  assert.equal(encodeReasoning({ effort: "minimal" }, adaptiveOnly, 4096, undefined, []).effort, "low");
});

test("native raw thinking fields go back; effort alone stays effort alone", () => {
  assert.deepEqual(
    encodeReasoning(
      { effort: "low", budget_tokens: 1024 },
      budgetModel,
      8192,
      { thinking: { display: "summarized" } },
      [],
    ),
    { thinking: { type: "enabled", budget_tokens: 1024, display: "summarized" }, maxTokens: 8192 },
  );
  assert.deepEqual(encodeReasoning({ effort: "low" }, adaptive46, 8192, { thinking: null }, []), {
    effort: "low",
    maxTokens: 8192,
  });
});

test("a thinking type with no IR meaning round-trips whole", () => {
  const decoded = decodeReasoning({ type: "between_tools" }, "medium", "");
  assert.deepEqual(decoded, { reasoning: { effort: "medium" }, thinkingRaw: { type: "between_tools" } });
  assert.deepEqual(
    encodeReasoning(decoded.reasoning, adaptiveOnly, 4096, { thinking: { type: "between_tools" } }, []),
    { thinking: { type: "between_tools" }, effort: "medium", maxTokens: 4096 },
  );
});

test("thinking blocks carry their signature as Anthropic-origin state", () => {
  const item = decodeThinkingBlock({ type: "thinking", thinking: "hmm", signature: "sig" }, "rs_1", "p");
  assert.deepEqual(item, {
    type: "reasoning",
    id: "rs_1",
    summary: [{ type: "summary_text", text: "hmm" }],
    encrypted_content: "sig",
    interop: { anthropic: { origin: true } },
  });
  assert.deepEqual(encodeReasoningItem(item, "request", "p", []), {
    type: "thinking",
    thinking: "hmm",
    signature: "sig",
  });
  const redacted = decodeRedactedBlock({ type: "redacted_thinking", data: "opaque" }, "rs_2", "p");
  assert.deepEqual(redacted, {
    type: "reasoning",
    id: "rs_2",
    summary: [],
    encrypted_content: "opaque",
    interop: { anthropic: { origin: true, redacted: true } },
  });
  assert.deepEqual(encodeReasoningItem(redacted, "request", "p", []), {
    type: "redacted_thinking",
    data: "opaque",
  });
});

test("foreign reasoning never reaches Anthropic; answers carry it sealed for the way back", () => {
  const openai = {
    type: "reasoning" as const,
    id: "rs_0123456789abcdef0123",
    summary: [{ type: "summary_text" as const, text: "thought" }],
    encrypted_content: "gAAAA",
  };
  const dropped: Dropped[] = [];
  assert.equal(encodeReasoningItem(openai, "request", "input[1]", dropped), undefined);
  assert.equal(dropped[0]?.path, "input[1]");
  dropped.length = 0;
  const shown = encodeReasoningItem(openai, "response", "output[0]", dropped);
  assert.deepEqual(shown, {
    type: "thinking",
    thinking: "thought",
    signature: seal({ origin: "openai", payload: "gAAAA", id: "rs_0123456789abcdef0123" }),
  });
  assert.deepEqual(dropped, []);
  // The client sends it back: it is OpenAI's state again, not Anthropic's.
  const back = decodeThinkingBlock(shown as Record<string, unknown>, "rs_x", "p");
  assert.deepEqual(back, openai);
  assert.equal(encodeReasoningItem(back, "request", "p", []), undefined);

  const gemini = {
    type: "reasoning" as const,
    id: "rs_g",
    summary: [{ type: "summary_text" as const, text: "gemini thought" }],
    interop: { gemini: { thoughtSignature: "CiQB" } },
  };
  const g = encodeReasoningItem(gemini, "response", "output[0]", []);
  assert.deepEqual(decodeThinkingBlock(g as Record<string, unknown>, "rs_g", "p"), gemini);

  // Text without any state: shown unsigned, read back as unverifiable (never Anthropic's).
  const plain = decodeThinkingBlock({ type: "thinking", thinking: "thought", signature: "" }, "rs_y", "p");
  assert.equal(plain.interop?.anthropic?.origin, undefined);
  assert.equal(encodeReasoningItem(plain, "request", "p", []), undefined);
});
