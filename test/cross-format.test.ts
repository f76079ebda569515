/**
 * The cross-format matrix: every recorded request, answer and error of each format is decoded
 * into the IR and encoded into each of the other three formats. The result must
 *   - be valid for its target: OpenAI bodies validate against the official OpenAPI document;
 *     Anthropic and Gemini bodies go through the official SDKs (and type-check against their
 *     types, since the encoders return those types);
 *   - mean the same, read back through the target's decoder: text, tool calls and arguments,
 *     reasoning, stop reason and usage for answers; system prompt, turns, tool calls, tool
 *     results and tool names for requests — unless `dropped` says what could not cross.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FORMATS } from "../src/formats/registry.ts";
import type { Translated } from "../src/ir/dropped.ts";
import type { IRRequest } from "../src/ir/request.ts";
import type { IRResponse } from "../src/ir/response.ts";
import type { FormatId, StopKind } from "../src/ir/stop-reason.ts";
import { validateOpenAI } from "./support/openapi.ts";
import {
  anthropicSdkParse,
  anthropicSdkSend,
  type GeminiRestBody,
  geminiSdkParse,
  geminiSdkSend,
  openaiSdkParseChat,
  openaiSdkParseResponse,
} from "./support/sdk.ts";
import { droppedCovers, requestMeaning, responseMeaning } from "./support/semantics.ts";
import { errorFixtures, type Fixture, requestFixtures, responseFixtures } from "./support/wire.ts";

const IDS = Object.keys(FORMATS) as FormatId[];

/** Stop kinds a target has no word for arrive back as the closest kind it has. */
const STOP_COLLAPSE: Record<FormatId, Partial<Record<StopKind, StopKind>>> = {
  "openai-responses": {
    stop_sequence: "end_turn",
    pause_turn: "end_turn",
    refusal: "end_turn",
    context_window_exceeded: "max_tokens",
    malformed_tool_call: "error",
    other: "end_turn",
  },
  "openai-chat": {
    stop_sequence: "end_turn",
    pause_turn: "end_turn",
    refusal: "end_turn",
    context_window_exceeded: "max_tokens",
    malformed_tool_call: "end_turn",
    error: "end_turn",
    other: "end_turn",
  },
  "anthropic-messages": {
    content_filter: "refusal",
    malformed_tool_call: "end_turn",
    error: "end_turn",
    other: "end_turn",
  },
  gemini: {
    stop_sequence: "end_turn",
    pause_turn: "end_turn",
    refusal: "content_filter",
    context_window_exceeded: "max_tokens",
    error: "other",
  },
};

function sameStop(target: FormatId, before: StopKind | undefined, after: StopKind | undefined): boolean {
  if (before === undefined || before === after) return true;
  const collapsed = STOP_COLLAPSE[target][before];
  return collapsed === after || (collapsed !== undefined && STOP_COLLAPSE[target][collapsed] === after);
}

const REQUEST_SCHEMA: Partial<Record<FormatId, string>> = {
  "openai-responses": "CreateResponse",
  "openai-chat": "CreateChatCompletionRequest",
};

/** Schema errors by field path; a recorded request that was itself invalid may stay so. */
function schemaErrorPaths(format: FormatId, body: unknown): Set<string> {
  const schema = REQUEST_SCHEMA[format];
  if (schema === undefined) return new Set();
  return new Set(validateOpenAI(schema, body).map((e) => e.split(" ")[0]!));
}

async function checkTargetRequest(
  target: FormatId,
  body: unknown,
  model: string,
  invalidInSource: Set<string>,
): Promise<void> {
  switch (target) {
    case "openai-responses":
    case "openai-chat": {
      const errors = validateOpenAI(REQUEST_SCHEMA[target]!, body).filter(
        (e) => !invalidInSource.has(e.split(" ")[0]!),
      );
      assert.deepEqual(errors, []);
      return;
    }
    case "anthropic-messages": {
      const sent = await anthropicSdkSend(body as Parameters<typeof anthropicSdkSend>[0]);
      assert.deepEqual(sent, body);
      return;
    }
    case "gemini": {
      const sent = await geminiSdkSend(model, body as GeminiRestBody);
      assert.deepEqual(sent, body);
      return;
    }
    default:
      target satisfies never;
  }
}

async function checkTargetResponse(target: FormatId, body: unknown, ir: IRResponse): Promise<void> {
  const meaning = responseMeaning(ir);
  switch (target) {
    case "openai-responses": {
      assert.deepEqual(validateOpenAI("Response", body), []);
      const r = await openaiSdkParseResponse(body);
      assert.equal(r.output.filter((i) => i.type === "function_call").length, meaning.calls.length);
      return;
    }
    case "openai-chat": {
      assert.deepEqual(validateOpenAI("CreateChatCompletionResponse", body), []);
      const c = await openaiSdkParseChat(body);
      const calls = c.choices[0]?.message.tool_calls?.filter((t) => t.type === "function") ?? [];
      assert.equal(calls.length, meaning.calls.length);
      return;
    }
    case "anthropic-messages": {
      const m = await anthropicSdkParse(body);
      assert.equal(m.content.filter((b) => b.type === "tool_use").length, meaning.calls.length);
      return;
    }
    case "gemini": {
      const g = await geminiSdkParse(body);
      assert.equal(g.functionCalls?.length ?? 0, meaning.calls.length);
      return;
    }
    default:
      target satisfies never;
  }
}

function assertRequestMeaning(
  fx: Fixture,
  target: FormatId,
  a: IRRequest,
  b: IRRequest,
  dropped: Translated<unknown>["dropped"],
): void {
  const before = requestMeaning(a);
  const after = requestMeaning(b);
  const where = `${fx.name} → ${target}`;
  assert.equal(after.system, before.system, `${where}: system prompt`);
  assert.deepEqual(after.calls, before.calls, `${where}: tool calls`);
  assert.deepEqual(after.results, before.results, `${where}: tool results`);
  // a part that cannot cross (a file by URL into Chat, …) is reported at its input path
  if (!droppedCovers(dropped, "input")) assert.deepEqual(after.turns, before.turns, `${where}: turns`);
  if (!droppedCovers(dropped, "tools")) assert.deepEqual(after.tools, before.tools, `${where}: tools`);
  for (const key of [
    "temperature",
    "top_p",
    "max_output_tokens",
    "parallel_tool_calls",
    "top_k",
    "seed",
    "stop",
  ] as const) {
    if (a[key] === undefined || a[key] === null || droppedCovers(dropped, key)) continue;
    assert.deepEqual(b[key], a[key], `${where}: ${key}`);
  }
}

for (const source of IDS) {
  describe(`${source} → other formats`, () => {
    const codec = FORMATS[source];
    for (const fx of requestFixtures(source)) {
      test(`request ${fx.name}`, async () => {
        const ctx = fx.model === undefined ? undefined : { model: fx.model, stream: fx.stream ?? false };
        const ir = codec.decodeRequest(fx.body, ctx).value;
        const invalidInSource = schemaErrorPaths(source, fx.body);
        for (const target of IDS) {
          if (target === source) continue;
          const out = FORMATS[target].encodeRequest({ ...ir, model: ir.model ?? fx.model ?? "test-model" });
          await checkTargetRequest(target, out.value, ir.model ?? fx.model ?? "test-model", invalidInSource);
          const back = FORMATS[target].decodeRequest(out.value, {
            model: ir.model ?? fx.model ?? "test-model",
          }).value;
          assertRequestMeaning(fx, target, ir, back, out.dropped);
        }
      });
    }
    for (const fx of responseFixtures(source)) {
      test(`response ${fx.name}`, async () => {
        const ir = codec.decodeResponse(fx.body).value;
        const before = responseMeaning(ir);
        for (const target of IDS) {
          if (target === source) continue;
          const out = FORMATS[target].encodeResponse(ir);
          await checkTargetResponse(target, out.value, ir);
          const after = responseMeaning(FORMATS[target].decodeResponse(out.value).value);
          const where = `${fx.name} → ${target}`;
          assert.equal(after.text, before.text, `${where}: text`);
          assert.deepEqual(after.calls, before.calls, `${where}: tool calls`);
          // Chat has no reasoning output; the codec reports each reasoning item it leaves
          if (!droppedCovers(out.dropped, "output"))
            assert.equal(after.reasoning, before.reasoning, `${where}: reasoning`);
          // Responses and Gemini say "tool use" by the calls an answer holds: when calls could
          // not cross, the stop reads as a natural end; when answered calls (Anthropic
          // programmatic tool calling) cross, it reads as tool use.
          const callsLost =
            before.stop === "tool_use" && after.stop === "end_turn" && droppedCovers(out.dropped, "output");
          const callsShown =
            before.stop === "end_turn" &&
            after.stop === "tool_use" &&
            before.calls.length > 0 &&
            target !== "openai-chat" &&
            target !== "anthropic-messages";
          if (!callsLost && !callsShown) {
            assert.ok(
              sameStop(target, before.stop, after.stop),
              `${where}: stop ${before.stop} → ${after.stop}`,
            );
          }
          if (!droppedCovers(out.dropped, "usage")) {
            assert.equal(after.input, before.input, `${where}: input tokens`);
            assert.equal(after.output, before.output, `${where}: output tokens`);
          }
        }
      });
    }
    for (const fx of errorFixtures(source)) {
      test(`error ${fx.name}`, () => {
        const err = codec.decodeError(fx.status, fx.body);
        for (const target of IDS) {
          const out = FORMATS[target].encodeError(err);
          const back = FORMATS[target].decodeError(out.status, out.body);
          assert.equal(back.kind, err.kind, `${fx.name} → ${target}: kind`);
          assert.equal(back.message, err.message, `${fx.name} → ${target}: message`);
          if (target === "openai-responses" || target === "openai-chat") {
            assert.deepEqual(validateOpenAI("ErrorResponse", out.body), []);
          }
        }
      });
    }
  });
}
