import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { fitContextWindow, isContextWindowError } from "./context-window.ts";
import { noCandidateError } from "./strategies.ts";

const ids = (cs: { id: string }[]): string[] => cs.map((c) => c.id);

test("a request too large for the first choice goes to a larger window first", () => {
  const cs = [{ id: "deepseek-chat" }, { id: "gpt-4o" }, { id: "gemini-2.5-flash" }, { id: "mystery" }];
  // deepseek-chat 65 536, gpt-4o 128 000, gemini 1 048 576, mystery unknown
  assert.deepEqual(ids(fitContextWindow(cs, 50_000).candidates), [
    "deepseek-chat",
    "gpt-4o",
    "gemini-2.5-flash",
    "mystery",
  ]);
  const fit = fitContextWindow(cs, 100_000);
  assert.deepEqual(ids(fit.candidates), ["gpt-4o", "gemini-2.5-flash", "mystery"]);
  assert.deepEqual(fit.excluded, [
    { candidate: { id: "deepseek-chat" }, reason: "context_window", value: 100_000, limit: 65_536 },
  ]);
  assert.deepEqual(ids(fitContextWindow(cs, 500_000).candidates), ["gemini-2.5-flash", "mystery"]);
});

test("nothing fits: a 413 naming each window", () => {
  const fit = fitContextWindow([{ id: "gpt-4o" }, { id: "anthropic/claude-haiku-4-5" }], 300_000);
  assert.equal(fit.candidates.length, 0);
  const e = noCandidateError({ strategy: "fallback", candidates: [], excluded: fit.excluded });
  assert.equal(e.status, 413);
  assert.equal(e.code, "context_length_exceeded");
  assert.match(e.message, /gpt-4o: context window 128000 tokens < estimated request 300000 tokens/);
});

test("a custom lookup; provider context-length refusals are recognised", () => {
  assert.deepEqual(
    ids(
      fitContextWindow([{ id: "a" }, { id: "b" }], 10, (c) => ({ contextWindow: c.id === "a" ? 5 : 50 }))
        .candidates,
    ),
    ["b"],
  );
  const e = (status: number, message: string, code?: string) =>
    new SwitchyardError({ kind: "invalid_request", status, message, ...(code ? { code } : {}) });
  assert.equal(isContextWindowError(e(400, "x", "context_length_exceeded")), true);
  assert.equal(isContextWindowError(e(400, "prompt is too long: 210000 tokens > 200000 maximum")), true);
  assert.equal(
    isContextWindowError(
      e(400, "The input token count (1200000) exceeds the maximum number of tokens allowed"),
    ),
    true,
  );
  assert.equal(isContextWindowError(e(413, "too large")), true);
  assert.equal(isContextWindowError(e(400, "messages: expected an array")), false);
});
