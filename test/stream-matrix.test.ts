/**
 * The streaming matrix: every recorded stream of every format is replayed as an upstream,
 * decoded into IR events and encoded as each of the four surfaces. The official SDKs' stream
 * helpers must accept each result, and their final object must mean what the non-streaming
 * translation of the same answer means: text, tool names and arguments, stop reason, usage.
 * A stream cut short must end, on every surface, in that surface's in-stream error — which
 * the SDKs raise — never in a clean end.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeStream, encodeStream } from "../src/core/stream-translator.ts";
import { FORMATS } from "../src/formats/registry.ts";
import { accumulate } from "../src/ir/accumulate.ts";
import type { IRResponse } from "../src/ir/response.ts";
import type { FormatId } from "../src/ir/stop-reason.ts";
import { type IRStreamEvent, isTerminal } from "../src/ir/stream.ts";
import {
  anthropicSdkStream,
  geminiSdkStream,
  openaiSdkChatStream,
  openaiSdkResponsesStream,
} from "./support/sdk-stream.ts";
import { type ResponseMeaning, responseMeaning } from "./support/semantics.ts";
import { type StreamFixture, streamFixtures } from "./support/streams.ts";

const IDS = Object.keys(FORMATS) as FormatId[];

/** What the SDK's final object of a `target` stream means, read through the target's own decoder. */
async function sdkMeaning(target: FormatId, text: string): Promise<ResponseMeaning> {
  switch (target) {
    case "anthropic-messages":
      return responseMeaning(FORMATS[target].decodeResponse(await anthropicSdkStream(text)).value);
    case "openai-responses":
      return responseMeaning(FORMATS[target].decodeResponse(await openaiSdkResponsesStream(text)).value);
    case "openai-chat":
      return responseMeaning(FORMATS[target].decodeResponse(await openaiSdkChatStream(text)).value);
    case "gemini": {
      const chunks = await geminiSdkStream(text);
      const text_ = chunks
        .map((c) =>
          (c.candidates?.[0]?.content?.parts ?? [])
            .filter((p) => !p.thought)
            .map((p) => p.text ?? "")
            .join(""),
        )
        .join("");
      const calls = chunks
        .flatMap((c) => c.functionCalls ?? [])
        .map((f) => ({ name: f.name ?? "", args: f.args ?? {} }));
      // the last chunk carries the finish reason and the final usage
      const last = chunks.at(-1);
      const merged = FORMATS.gemini.decodeResponse({
        candidates: [
          {
            content: { role: "model", parts: [{ text: "x" }] },
            finishReason: last?.candidates?.[0]?.finishReason ?? "STOP",
          },
        ],
        usageMetadata: [...chunks].reverse().find((c) => c.usageMetadata !== undefined)?.usageMetadata,
      }).value;
      const m = responseMeaning(merged);
      return {
        ...m,
        text: text_.replace(/\s+/g, " ").trim(),
        calls,
        stop: calls.length > 0 && m.stop === "end_turn" ? "tool_use" : m.stop,
      };
    }
    default:
      return target satisfies never;
  }
}

/** What the non-streaming translation of the same answer means on `target`. */
function nonStreamMeaning(target: FormatId, answer: IRResponse): ResponseMeaning {
  const body = FORMATS[target].encodeResponse(answer).value;
  return responseMeaning(FORMATS[target].decodeResponse(body).value);
}

/**
 * Whether every text part's deltas add up to its `.done` text. Two recordings (hand-trimmed
 * vercel files) break this; a surface that streams deltas cannot take back text it already
 * sent, so for those the text is not compared.
 */
function deltasAgree(evs: IRStreamEvent[]): boolean {
  const sent = new Map<string, string>();
  for (const e of evs) {
    if (e.type === "response.output_text.delta") {
      const k = `${e.output_index}:${e.content_index}`;
      sent.set(k, (sent.get(k) ?? "") + e.delta);
    } else if (
      e.type === "response.output_text.done" &&
      (sent.get(`${e.output_index}:${e.content_index}`) ?? "") !== e.text
    ) {
      return false;
    }
  }
  return true;
}

/** Gemini streams mark no boundary between parts: its SDK joins them with nothing. */
function sameText(target: FormatId, got: string, want: string): boolean {
  return target === "gemini" ? got.replace(/\s+/g, "") === want.replace(/\s+/g, "") : got === want;
}

/** Whether the SDK accepts the recording itself (openai 7.57 rejects events newer than it). */
async function sdkAcceptsRecording(fx: StreamFixture): Promise<boolean> {
  if (fx.framing !== "sse") return true;
  try {
    await sdkMeaning(fx.format, new TextDecoder().decode(fx.bytes));
    return true;
  } catch {
    return false;
  }
}

function events(fx: StreamFixture) {
  return decodeStream(fx.format, [fx.bytes], {
    framing: fx.framing,
    ctx: fx.model === undefined ? {} : { model: fx.model },
  });
}

for (const source of IDS) {
  describe(`${source} streams → every surface`, () => {
    for (const fx of streamFixtures(source)) {
      if (fx.malformed === true) continue;
      test(fx.name, async () => {
        const evs = events(fx);
        const failed = evs.some((e) => e.type === "response.failed");
        const answer = accumulate(evs);
        const compareText = deltasAgree(evs);
        for (const target of IDS) {
          if (target === source && !failed && !(await sdkAcceptsRecording(fx))) continue;
          const text = encodeStream(target, evs, { includeUsage: true });
          if (failed) {
            // a recorded in-stream error must reach the client as one
            await assert.rejects(
              sdkMeaning(target, text),
              `${fx.name} → ${target}: the SDK must raise the in-stream error`,
            );
            continue;
          }
          const got = await sdkMeaning(target, text);
          const want = nonStreamMeaning(target, answer);
          const where = `${fx.name} → ${target}`;
          if (compareText || target === "openai-responses") {
            assert.ok(
              sameText(target, got.text, want.text),
              `${where}: text\n  got:  ${got.text}\n  want: ${want.text}`,
            );
          }
          assert.deepEqual(got.calls, want.calls, `${where}: tool calls`);
          assert.equal(got.stop, want.stop, `${where}: stop reason`);
          assert.equal(got.output, want.output, `${where}: output tokens`);
          if (target !== "openai-chat" || want.input !== undefined)
            assert.equal(got.input, want.input, `${where}: input tokens`);
        }
      });
    }
  });
}

/** Where the fourth event of an SSE stream starts, or -1 when it has fewer than six. */
function fourthEvent(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  const ends = [...text.matchAll(/\r?\n\r?\n/g)].map((m) => m.index + m[0].length);
  return ends.length < 6 ? -1 : new TextEncoder().encode(text.slice(0, ends[2])).length;
}

describe("a stream cut short ends in the surface's in-stream error", () => {
  const cuts: StreamFixture[] = IDS.map(
    (f) => streamFixtures(f).find((s) => s.framing === "sse" && fourthEvent(s.bytes) > 0)!,
  );
  for (const fx of cuts) {
    test(fx.name, async () => {
      // cut inside the fourth event: past the start, before any finish
      const half = fx.bytes.subarray(0, fourthEvent(fx.bytes) + 10);
      const evs = decodeStream(fx.format, [half], { ctx: fx.model === undefined ? {} : { model: fx.model } });
      assert.equal(evs.at(-1)?.type, "response.failed", "the decoder reports the truncation");
      assert.ok(evs.some((e) => e.type === "error"));
      assert.equal(evs.filter(isTerminal).length, 1);
      for (const target of IDS) {
        const text = encodeStream(target, evs, { includeUsage: true });
        await assert.rejects(
          sdkMeaning(target, text),
          `${fx.name} → ${target}: the SDK must see an error, not a clean end`,
        );
      }
    });
  }
});
