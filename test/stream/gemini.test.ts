/**
 * Every recorded Gemini stream (`alt=sse` and the JSON-array form), through the stream codec.
 *
 * Normalisations (streamed vs non-streamed IR, and re-encoded vs recorded):
 * - the rebuilt non-streamed body is the recording accumulated the way Google tells clients to
 *   read a stream: consecutive text deltas (thought or not) concatenated until a part carries
 *   a `thoughtSignature`; the empty `{"text": ""}` filler part dropped; a Vertex
 *   `streamFunctionCallArguments` call (`willContinue` … `{}`) joined into one part holding
 *   all its `partialArgs`; `finishReason`, grounding and usage from the last chunk that has
 *   them. It stands for the body the same request would have returned unstreamed.
 * - item ids are compared without their position suffix (`msg_<responseId>_<n>`): the
 *   non-streaming decoder numbers native parts, the stream numbers output items.
 * - a `web_search_call` built from grounding is compared first: the non-streaming decoder
 *   puts it ahead of the answer, the stream can only add it when grounding arrives (last).
 * - re-encoding writes every call whole with `args`: Vertex `partialArgs` (streamed pieces,
 *   or a whole call made of them) are a transport detail and are not kept; and it writes
 *   `index: 0` on every candidate.
 * - the SDK (`@google/genai`) is compared on what its chunks say: the text and thought text
 *   of all chunks, the function calls, the last `finishReason` and the last `usageMetadata`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Part } from "@google/genai";
import { assemblePartialArgs } from "../../src/formats/gemini/function-calls.ts";
import { gemini } from "../../src/formats/gemini/index.ts";
import { decodeUsage } from "../../src/formats/gemini/usage.ts";
import type { NativeStreamEvent } from "../../src/formats/wire-format.ts";
import { accumulate } from "../../src/ir/accumulate.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import { type IRStreamEvent, isTerminal } from "../../src/ir/stream.ts";
import { JSONArrayDecoder } from "../../src/transport/json-array-decoder.ts";
import { SSEDecoder } from "../../src/transport/sse-decoder.ts";
import { geminiSdkStream } from "../support/sdk-stream.ts";
import { type StreamFixture, streamFixtures } from "../support/streams.ts";

type Json = Record<string, unknown>;
type Framing = "sse" | "json-array";

const fixtures = streamFixtures("gemini");

function nativeEvents(bytes: Uint8Array | string, framing: Framing, oneByte = false): NativeStreamEvent[] {
  const pieces: Array<Uint8Array | string> = [];
  if (oneByte && typeof bytes !== "string")
    for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  else pieces.push(bytes);
  if (framing === "sse") {
    const d = new SSEDecoder();
    const out = pieces.flatMap((p) => d.push(p));
    return [...out, ...d.end()].map((e) => ({ data: e.data }));
  }
  const d = new JSONArrayDecoder();
  const out = pieces.flatMap((p) => d.push(p));
  return [...out, ...d.end()].map((data) => ({ data }));
}

function decode(events: NativeStreamEvent[], model?: string): IRStreamEvent[] {
  const dec = gemini.streamDecoder(model === undefined ? {} : { model });
  const out: IRStreamEvent[] = [];
  for (const ev of events) out.push(...dec.push(ev));
  out.push(...dec.end());
  return out;
}

function encode(events: IRStreamEvent[], framing: Framing): string {
  const enc = gemini.streamEncoder({ framing });
  let out = "";
  for (const ev of events) out += enc.push(ev);
  return out + enc.end();
}

/** The IR stream contract: numbering, lifecycle, and deltas only inside open items. */
function checkOrder(events: IRStreamEvent[]): void {
  assert.ok(events.length >= 3);
  for (const [i, ev] of events.entries())
    assert.equal(ev.sequence_number, i, `sequence_number of event ${i}`);
  assert.equal(events[0]!.type, "response.created");
  const terminals = events.filter(isTerminal);
  assert.equal(terminals.length, 1);
  assert.equal(events.at(-1), terminals[0]);
  const open = new Map<number, string>();
  const closed = new Set<number>();
  for (const ev of events) {
    if (ev.type === "response.output_item.added") {
      assert.ok(
        !open.has(ev.output_index) && !closed.has(ev.output_index),
        `output ${ev.output_index} reused`,
      );
      open.set(ev.output_index, (ev.item as { id?: string }).id ?? "");
    } else if (ev.type === "response.output_item.done") {
      assert.ok(open.has(ev.output_index), `done for an item never added (${ev.output_index})`);
      open.delete(ev.output_index);
      closed.add(ev.output_index);
    } else if ("output_index" in ev && "item_id" in ev) {
      assert.equal(open.get(ev.output_index), ev.item_id, `${ev.type} outside its open item`);
    }
  }
  if (terminals[0]!.type !== "response.failed") assert.equal(open.size, 0, "items left open");
}

function chunksOf(fx: StreamFixture): Json[] {
  return nativeEvents(fx.bytes, fx.framing).map((e) => JSON.parse(e.data) as Json);
}

function argsOf(fc: Json): unknown {
  return fc.args ?? (Array.isArray(fc.partialArgs) ? assemblePartialArgs(fc.partialArgs) : {});
}

function candidateOf(chunk: Json): Json | undefined {
  return (chunk.candidates as Json[] | undefined)?.[0];
}

/** The recording as one non-streamed body (see the normalisations above). */
function rebuild(chunks: Json[]): Json {
  const parts: Json[] = [];
  const calls: Json[] = [];
  let streamed: Json | undefined;
  let finishReason: unknown;
  let grounding: unknown;
  let usage: unknown;
  for (const chunk of chunks) {
    if (chunk.usageMetadata !== undefined) usage = chunk.usageMetadata;
    const cand = candidateOf(chunk);
    if (cand === undefined) continue;
    if (cand.finishReason !== undefined) finishReason = cand.finishReason;
    const gm = cand.groundingMetadata as Json | undefined;
    if (gm !== undefined && Object.keys(gm).length > 0) grounding = gm;
    for (const p of ((cand.content as Json | undefined)?.parts as Json[] | undefined) ?? []) {
      const fc = p.functionCall as Json | undefined;
      if (fc !== undefined) {
        if (streamed !== undefined && fc.name === undefined) {
          ((streamed.functionCall as Json).partialArgs as unknown[]).push(
            ...((fc.partialArgs as unknown[]) ?? []),
          );
          if (fc.willContinue !== true) streamed = undefined;
          continue;
        }
        streamed = undefined;
        if (fc.willContinue === true) {
          const { willContinue: _, ...rest } = fc;
          streamed = {
            ...p,
            functionCall: { ...rest, partialArgs: [...((fc.partialArgs as unknown[]) ?? [])] },
          };
          parts.push(streamed);
          calls.push(streamed.functionCall as Json);
        } else if (fc.name !== undefined || fc.args !== undefined || fc.partialArgs !== undefined)
          parts.push(p);
        continue;
      }
      streamed = undefined;
      if (typeof p.text === "string") {
        if (p.text === "" && Object.keys(p).length === 1) continue;
        const prev = parts.at(-1);
        if (
          prev !== undefined &&
          typeof prev.text === "string" &&
          prev.thoughtSignature === undefined &&
          (prev.thought === true) === (p.thought === true)
        ) {
          prev.text += p.text;
          if (p.thoughtSignature !== undefined) prev.thoughtSignature = p.thoughtSignature;
          continue;
        }
        parts.push({ ...p });
        continue;
      }
      parts.push(p);
    }
  }
  for (const fc of calls) {
    fc.args = assemblePartialArgs(fc.partialArgs as unknown[]);
    delete fc.partialArgs;
  }
  const last = chunks.at(-1)!;
  const cand: Json = { content: { role: "model", parts }, finishReason };
  if (grounding !== undefined) cand.groundingMetadata = grounding;
  return {
    candidates: [cand],
    usageMetadata: usage,
    modelVersion: last.modelVersion,
    responseId: last.responseId,
  };
}

interface View {
  text: string;
  reasoning: string;
  calls: Array<{ name: string; call_id: string; args: unknown }>;
  signatures: string[];
  stop: unknown;
  usage: unknown;
}

function view(res: IRResponse): View {
  const v: View = {
    text: "",
    reasoning: "",
    calls: [],
    signatures: [],
    stop: res.stop_reason,
    usage: res.usage,
  };
  for (const item of res.output) {
    const sig = item.interop?.gemini?.thoughtSignature;
    if (sig !== undefined) v.signatures.push(sig);
    if (item.type === "message") for (const c of item.content) if (c.type === "output_text") v.text += c.text;
    if (item.type === "reasoning") for (const s of item.summary) v.reasoning += s.text;
    if (item.type === "function_call") {
      v.calls.push({ name: item.name, call_id: item.call_id, args: JSON.parse(item.arguments) });
    }
  }
  return v;
}

/** Output items with ids cut to their kind and web searches first (see the normalisations). */
function comparable(res: IRResponse): unknown[] {
  const items = res.output.map((item) => {
    const copy = structuredClone(item) as unknown as Json;
    if (typeof copy.id === "string") copy.id = copy.id.replace(/_\d+$/, "");
    return copy;
  });
  return [
    ...items.filter((i) => i.type === "web_search_call"),
    ...items.filter((i) => i.type !== "web_search_call"),
  ];
}

/** The answer with Vertex `partialArgs` kept on a call dropped: re-encoding sends `args`. */
function wholeCalls(res: IRResponse): IRResponse {
  const output = res.output.map((item) => {
    const raw = item.interop?.gemini?.raw;
    const fc = raw?.functionCall as Json | undefined;
    if (fc?.partialArgs === undefined) return item;
    const { partialArgs: _, ...rest } = fc;
    const { functionCall: _fc, ...others } = raw!;
    const keep = Object.keys(rest).length > 0 ? { ...others, functionCall: rest } : others;
    const { raw: _raw, ...gemini } = item.interop?.gemini ?? {};
    if (Object.keys(keep).length > 0) Object.assign(gemini, { raw: keep });
    return { ...item, interop: { ...item.interop, gemini } };
  });
  return { ...res, output };
}

/** What the recording itself says, read without the codec. */
function recorded(chunks: Json[]): {
  text: string;
  thoughts: string;
  calls: Array<{ name: unknown; args: unknown }>;
} {
  const body = rebuild(chunks);
  const parts = ((candidateOf(body)!.content as Json).parts as Json[]) ?? [];
  const out = { text: "", thoughts: "", calls: [] as Array<{ name: unknown; args: unknown }> };
  for (const p of parts) {
    if (typeof p.text === "string") {
      if (p.thought === true) out.thoughts += p.text;
      else out.text += p.text;
    }
    const fc = p.functionCall as Json | undefined;
    if (fc !== undefined) out.calls.push({ name: fc.name, args: argsOf(fc) });
  }
  return out;
}

interface SdkChunk {
  candidates?: Array<{ content?: { parts?: Part[] }; finishReason?: string }>;
  usageMetadata?: object;
}

function sdkView(chunks: SdkChunk[]) {
  const out = {
    text: "",
    thoughts: "",
    calls: [] as Array<{ name: unknown; args: unknown }>,
    finish: undefined as unknown,
    usage: undefined as object | undefined,
  };
  for (const chunk of chunks) {
    if (chunk.usageMetadata !== undefined) out.usage = chunk.usageMetadata;
    const cand = chunk.candidates?.[0];
    if (cand?.finishReason !== undefined) out.finish = cand.finishReason;
    for (const p of cand?.content?.parts ?? []) {
      if (typeof p.text === "string") {
        if (p.thought === true) out.thoughts += p.text;
        else out.text += p.text;
      }
      if (p.functionCall !== undefined) {
        const fc = p.functionCall as Json;
        out.calls.push({ name: fc.name, args: argsOf(fc) });
      }
    }
  }
  return out;
}

describe("gemini recorded streams", () => {
  for (const fx of fixtures) {
    describe(fx.name, () => {
      const events = decode(nativeEvents(fx.bytes, fx.framing), fx.model);
      const answer = accumulate(events);
      const chunks = chunksOf(fx);

      it("decodes to well-ordered IR events", () => {
        checkOrder(events);
        assert.notEqual(events.at(-1)!.type, "response.failed");
      });

      it("gives the recorded text, calls, stop reason and usage, as the non-streaming decoder does", () => {
        const rec = recorded(chunks);
        const v = view(answer);
        assert.equal(v.text, rec.text);
        assert.equal(v.reasoning, rec.thoughts);
        assert.deepEqual(
          v.calls.map(({ name, args }) => ({ name, args })),
          rec.calls,
        );
        const whole = gemini.decodeResponse(rebuild(chunks)).value;
        assert.deepEqual(v, view(whole));
        assert.deepEqual(comparable(answer), comparable(whole));
        const lastUsage = chunks.findLast((c) => c.usageMetadata !== undefined)?.usageMetadata as Json;
        assert.deepEqual(answer.usage, decodeUsage(lastUsage).usage);
        assert.equal(answer.stop_reason?.native?.value, candidateOf(chunks.at(-1)!)?.finishReason);
      });

      for (const framing of ["sse", "json-array"] as const) {
        it(`re-encodes (${framing}) to a stream that decodes to the same answer`, () => {
          const wire = encode(events, framing);
          const again = decode(nativeEvents(wire, framing), fx.model);
          checkOrder(again);
          assert.deepEqual(accumulate(again), wholeCalls(answer));
          if (framing === "sse") {
            for (const frame of wire.split("\r\n\r\n").slice(0, -1)) assert.match(frame, /^data: \{.*\}$/s);
            assert.ok(wire.endsWith("\r\n\r\n"));
          } else {
            assert.ok(wire.startsWith("[{") && wire.endsWith("}]"));
            assert.ok(Array.isArray(JSON.parse(wire)));
          }
        });
      }

      it("re-encoded stream is read by @google/genai as recorded", async () => {
        const sdk = sdkView(await geminiSdkStream(encode(events, "sse")));
        const rec = recorded(chunks);
        assert.equal(sdk.text, rec.text);
        assert.equal(sdk.thoughts, rec.thoughts);
        assert.deepEqual(sdk.calls, rec.calls);
        assert.equal(sdk.finish, candidateOf(chunks.at(-1)!)?.finishReason);
        assert.deepEqual(decodeUsage(sdk.usage as Json).usage, answer.usage);
      });
    });
  }

  it("gives the same events fed one byte at a time", () => {
    const picks = [
      fixtures.find((f) => f.framing === "json-array"),
      fixtures.find((f) => f.name.includes("test_google_model_iter_stream.2")), // "30°C": multi-byte
      fixtures.find((f) => f.name.includes("tool-call-arguments-nested")),
      fixtures.find((f) => f.name.includes("web_search_tool_stream")),
    ];
    for (const fx of picks) {
      assert.ok(fx !== undefined);
      assert.deepEqual(
        decode(nativeEvents(fx.bytes, fx.framing, true), fx.model),
        decode(nativeEvents(fx.bytes, fx.framing), fx.model),
        fx.name,
      );
    }
  });

  it("an upstream failure mid-stream reaches @google/genai as an ApiError, not a clean end", async () => {
    const fx = fixtures.find((f) => f.name.includes("test_google_stream_usage_is_live_mid_stream"))!;
    const natives = nativeEvents(fx.bytes, fx.framing);
    const failing = [
      ...natives.slice(0, 2),
      { data: JSON.stringify({ error: { code: 503, message: "overloaded", status: "UNAVAILABLE" } }) },
    ];
    const events = decode(failing, fx.model);
    checkOrder(events);
    await assert.rejects(geminiSdkStream(encode(events, "sse")), (e: Error & { status?: number }) => {
      assert.equal(e.name, "ApiError");
      assert.equal(e.status, 503);
      return true;
    });
    const cut = decode(natives.slice(0, 2), fx.model);
    await assert.rejects(
      geminiSdkStream(encode(cut, "sse")),
      (e: Error & { status?: number }) => e.status === 500,
    );
  });

  it("ends a malformed or cut recording with error + response.failed", () => {
    const marked = fixtures.filter((f) => f.malformed === true);
    const fx = fixtures.find((f) => f.name.includes("test_google_model_thinking_part_iter"))!;
    const natives = nativeEvents(fx.bytes, fx.framing);
    const broken = natives.map((e, i) => (i === 3 ? { data: e.data.slice(0, -7) } : e));
    const cut = natives.slice(0, -1);
    for (const evs of [...marked.map((f) => nativeEvents(f.bytes, f.framing)), broken, cut]) {
      const out = decode(evs, fx.model);
      checkOrder(out);
      assert.deepEqual(
        out.slice(-2).map((e) => e.type),
        ["error", "response.failed"],
      );
    }
  });
});
