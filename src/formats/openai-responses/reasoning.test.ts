import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import {
  checkReasoningConfig,
  checkReasoningItem,
  encodeReasoningConfig,
  foreignReasoning,
} from "./reasoning.ts";

const OPENAI_ID = "rs_68c42c90b950819c9e32c46d4f8326ca07460311b0c8d3d1";

test("effort carries the meaning: an exact budget beside it goes without a report", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(
    encodeReasoningConfig({ effort: "high", summary: "auto", budget_tokens: 16384 }, dropped),
    {
      effort: "high",
      summary: "auto",
    },
  );
  assert.deepEqual(dropped, []);
});

test("a budget alone becomes the nearest effort of the shared table, reported", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeReasoningConfig({ budget_tokens: 10_000 }, dropped), { effort: "high" });
  assert.equal(dropped[0]?.path, "reasoning.budget_tokens");
  assert.match(dropped[0]?.reason ?? "", /effort "high"/);
  assert.deepEqual(encodeReasoningConfig({ budget_tokens: 0 }, []), { effort: "none" });
});

test("a dynamic budget (-1) means the provider decides: effort stays unset, nothing lost", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeReasoningConfig({ budget_tokens: -1 }, dropped), {});
  assert.deepEqual(dropped, []);
  assert.equal(encodeReasoningConfig(null, dropped), null);
  assert.equal(encodeReasoningConfig(undefined, dropped), undefined);
});

test("reasoning config validation names the field", () => {
  checkReasoningConfig({ effort: "xhigh", summary: "detailed" }, "reasoning");
  checkReasoningConfig({ effort: null, summary: null }, "reasoning");
  checkReasoningConfig(null, "reasoning");
  assert.throws(
    () => checkReasoningConfig({ effort: "extreme" }, "reasoning"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "reasoning.effort",
  );
  assert.throws(
    () => checkReasoningConfig({ summary: "short" }, "reasoning"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "reasoning.summary",
  );
});

test("reasoning items: summary parts are checked", () => {
  checkReasoningItem(
    { type: "reasoning", id: OPENAI_ID, summary: [], encrypted_content: "gAAA" },
    "input[1]",
  );
  assert.throws(
    () => checkReasoningItem({ type: "reasoning", summary: [{ type: "text", text: "x" }] }, "input[1]"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "input[1].summary[0].type",
  );
  assert.throws(
    () => checkReasoningItem({ type: "reasoning" }, "input[1]"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "input[1].summary",
  );
});

test("only OpenAI's own reasoning items may go back to OpenAI", () => {
  assert.equal(foreignReasoning({ id: OPENAI_ID }), undefined);
  assert.match(
    foreignReasoning({ id: OPENAI_ID, interop: { anthropic: { origin: true } } }) ?? "",
    /Anthropic thinking/,
  );
  assert.match(
    foreignReasoning({ id: "rs_x", interop: { anthropic: { origin: true, redacted: true } } }) ?? "",
    /redacted/,
  );
  assert.match(
    foreignReasoning({ id: OPENAI_ID, interop: { gemini: { thoughtSignature: "c2ln" } } }) ?? "",
    /Gemini/,
  );
  // a summary-only item another codec derived an id for
  assert.match(foreignReasoning({ id: "rs_msg_01ABC_0" }) ?? "", /only reasoning items it produced/);
  assert.match(foreignReasoning({}) ?? "", /only reasoning items it produced/);
});
