/**
 * Reasoning continuity across surfaces (DESIGN.md §2): a provider's opaque reasoning state
 * served to a client of another format comes back — through that client's own format — to
 * the provider that made it, byte for byte, and never reaches any other provider.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FORMATS } from "../src/formats/registry.ts";
import type { IRInputItem } from "../src/ir/request.ts";
import type { FormatId } from "../src/ir/stop-reason.ts";
import { wireDir } from "./support/wire.ts";

function fixture(rel: string): unknown {
  return JSON.parse(readFileSync(join(wireDir, rel), "utf8"));
}

const claudeThinkingToolUse = fixture(
  "anthropic/messages/pydantic-ai/extracted/test_anthropic_tool_with_thinking.0.response.json",
) as { content: Array<{ type: string; signature?: string; id?: string }> };
const claudeRedacted = fixture(
  "anthropic/messages/pydantic-ai/extracted/test_anthropic_model_thinking_part_redacted.0.response.json",
) as { content: Array<{ type: string; data?: string }> };

type Json = Record<string, unknown>;

/**
 * What a client of `surface` sends next: the served answer exactly as it was on the wire,
 * followed by a tool result for each call (the way each SDK's users continue a conversation).
 */
function clientFollowUp(surface: FormatId, served: Json): unknown {
  const question = "What is the largest city in the user country?";
  switch (surface) {
    case "openai-responses": {
      const output = served.output as Json[];
      const results = output
        .filter((i) => i.type === "function_call")
        .map((i) => ({ type: "function_call_output", call_id: i.call_id, output: "Mexico" }));
      return { model: "m", input: [{ role: "user", content: question }, ...output, ...results] };
    }
    case "gemini": {
      const content = (served.candidates as Json[])[0]!.content as { parts: Json[] };
      const calls = content.parts.filter((p) => p.functionCall !== undefined);
      const results = calls.map((p) => ({
        functionResponse: { name: (p.functionCall as Json).name, response: { output: "Mexico" } },
      }));
      return {
        contents: [{ role: "user", parts: [{ text: question }] }, content, { role: "user", parts: results }],
      };
    }
    case "anthropic-messages": {
      const content = served.content as Json[];
      const results = content
        .filter((b) => b.type === "tool_use")
        .map((b) => ({ type: "tool_result", tool_use_id: b.id, content: "Mexico" }));
      const messages: Json[] = [
        { role: "user", content: question },
        { role: "assistant", content },
      ];
      if (results.length > 0) messages.push({ role: "user", content: results });
      return { model: "m", max_tokens: 1024, messages };
    }
    case "openai-chat":
      throw new Error("Chat has no reasoning to carry");
    default:
      return surface satisfies never;
  }
}

/** Serves a Claude answer on `surface`; returns the IR history the client's next request decodes to. */
function roundTripThroughSurface(surface: FormatId, answerBody: unknown): IRInputItem[] {
  const answer = FORMATS["anthropic-messages"].decodeResponse(answerBody).value;
  const served = FORMATS[surface].encodeResponse(answer).value as Json;
  const next = clientFollowUp(surface, served);
  return FORMATS[surface].decodeRequest(next, { model: "m" }).value.input as IRInputItem[];
}

for (const surface of ["openai-responses", "gemini", "anthropic-messages"] as const) {
  test(`Claude thinking signature served on ${surface} goes back to Anthropic intact`, () => {
    const history = roundTripThroughSurface(surface, claudeThinkingToolUse);
    const out = FORMATS["anthropic-messages"].encodeRequest({
      model: "claude-sonnet-4-20250514",
      input: history,
      reasoning: { effort: "low" },
    });
    const body = out.value as unknown as {
      messages: Array<{ role: string; content: Array<{ type: string; signature?: string }> }>;
    };
    const assistant = body.messages.find((m) => m.role === "assistant");
    const thinking = assistant?.content.find((b) => b.type === "thinking");
    assert.equal(thinking?.signature, claudeThinkingToolUse.content[0]?.signature);
    // the thinking block precedes the tool_use, as Anthropic requires when thinking is on
    assert.equal(assistant?.content[0]?.type, "thinking");
    assert.ok(assistant?.content.some((b) => b.type === "tool_use"));
  });

  test(`Claude thinking signature served on ${surface} never reaches OpenAI or Gemini`, () => {
    const history = roundTripThroughSurface(surface, claudeThinkingToolUse);
    const sig = claudeThinkingToolUse.content[0]!.signature!;
    for (const target of ["openai-responses", "openai-chat", "gemini"] as const) {
      const out = FORMATS[target].encodeRequest({ model: "m", input: history });
      const text = JSON.stringify(out.value);
      assert.ok(!text.includes(sig.slice(0, 40)), `${surface} → ${target} leaked the signature`);
      assert.ok(!text.includes("swy1."), `${surface} → ${target} leaked sealed state`);
      assert.ok(
        out.dropped.some((d) => d.path.startsWith("input")),
        `${surface} → ${target} must report the reasoning it dropped`,
      );
    }
  });
}

test("redacted thinking served on the Responses surface goes back as redacted_thinking", () => {
  const history = roundTripThroughSurface("openai-responses", claudeRedacted);
  const out = FORMATS["anthropic-messages"].encodeRequest({
    model: "claude-sonnet-4-20250514",
    input: history,
  });
  const body = out.value as unknown as {
    messages: Array<{ role: string; content: Array<{ type: string; data?: string }> }>;
  };
  const block = body.messages
    .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
    .find((b) => b.type === "redacted_thinking");
  const original = claudeRedacted.content.find((b) => b.type === "redacted_thinking");
  assert.ok(original !== undefined);
  assert.equal(block?.data, original.data);
});
