import assert from "node:assert/strict";
import { test } from "node:test";
import { type BestOfAnswer, judgePrompt, longestAnswer, parseJudgeChoice, requestText } from "./best-of.ts";

const answers: BestOfAnswer[] = [
  { provider: "openai", model: "gpt-4o", text: "short", ok: true },
  { provider: "anthropic", model: "claude", text: "", ok: false },
  { provider: "gemini", model: "gemini-2.5-pro", text: "the longest one", ok: true },
];

test("longestAnswer: the longest successful answer, the earlier on ties, none when all failed", () => {
  assert.equal(longestAnswer(answers), 2);
  assert.equal(longestAnswer([answers[0]!, { ...answers[0]!, model: "x" }]), 0);
  assert.equal(longestAnswer([answers[1]!]), undefined);
});

test("judgePrompt numbers only the successful answers and never names who wrote them", () => {
  const p = judgePrompt("(user) what?", answers);
  assert.deepEqual(p.numbering, [0, 2]);
  assert.match(p.input, /## Request\n\n\(user\) what\?/);
  assert.match(p.input, /## Answer 1\n\nshort/);
  assert.match(p.input, /## Answer 2\n\nthe longest one/);
  assert.doesNotMatch(p.input, /openai|anthropic|gemini|claude|gpt/);
  assert.match(p.instructions, /number of the best answer/);
});

test("parseJudgeChoice reads the first number leniently and maps it back; out of range is no choice", () => {
  const numbering = [0, 2];
  assert.equal(parseJudgeChoice("2", numbering), 2);
  assert.equal(parseJudgeChoice("**Answer 1** is better.", numbering), 0);
  assert.equal(parseJudgeChoice("3", numbering), undefined);
  assert.equal(parseJudgeChoice("0", numbering), undefined);
  assert.equal(parseJudgeChoice("neither", numbering), undefined);
});

test("requestText: instructions and each message's text, roles marked", () => {
  const text = requestText({
    model: "m",
    instructions: "be brief",
    input: [
      { role: "user", content: "hi" },
      { role: "assistant", content: [{ type: "output_text", text: "hello", annotations: [] }] },
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
    ],
  } as never);
  assert.equal(text, "(system) be brief\n\n(user) hi\n\n(assistant) hello");
});
