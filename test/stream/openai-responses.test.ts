/**
 * Every recorded OpenAI Responses stream (test/support/streams.ts) through the stream codec:
 *
 * 1. bytes → SSEDecoder → ResponsesStreamDecoder: the IR events are well-formed (sequence
 *    numbers 0, 1, 2…; response.created first; exactly one terminal event, last; every
 *    output_item.added has its output_item.done; item events only for open items);
 * 2. the accumulated IR answer equals what the non-streaming decoder reads from the
 *    recording's own final `Response` (output items, stop reason, usage), the text deltas
 *    concatenate to the recorded text and the call arguments parse to the recorded ones;
 * 3. ResponsesStreamEncoder writes those events back: the wire equals the recording event by
 *    event (normalisation list below), decodes to the same answer, and the official SDK's
 *    `responses.stream()` helper accepts it and ends with the same answer;
 * 4. a few recordings fed one byte at a time give the same IR events as fed whole;
 * 5. the hand-broken recording (vercel `parallel-tool-call-wrapper`, two lines missing their
 *    closing brace) ends in `error` + `response.failed`.
 *
 * Normalisation (the only differences allowed between a recording and our re-encoding; each
 * is applied to the recording before comparing):
 * 1. `sequence_number` is compared apart: ours always count 0, 1, 2…; 2025-03 recordings have
 *    none and background streams omit it on their first two events.
 * 2. Ids are pinned (GitHub Copilot sends a fresh id on every event): the response id to the
 *    first lifecycle event's, an item's id and its events' `item_id` to its output_item.added.
 * 3. `output_index` is made dense (a hand-trimmed vercel recording skips index 1): the SDK
 *    requires each added item to be appended at the next index.
 * 4. Fields the spec requires and older recordings lack are filled: `logprobs: []` on
 *    output_text deltas/dones and parts, `name` on function_call_arguments.done,
 *    `usage.input_tokens_details.cache_write_tokens` 0, and on the hand-trimmed vercel
 *    `openai-phase` Responses the echo defaults response.ts writes (as in the non-streaming
 *    fixture test).
 * 5. The `error` event carries the spec's top-level `code`/`message`/`param` besides OpenAI's
 *    nested `error` object.
 * 6. The terminal Response's `output` is the items of the output_item.done events: OpenAI
 *    re-mints opaque blobs (`encrypted_content`, `fingerprint`) between the two.
 * 7. Items the recording leaves open (an mcp_list_tools item with no output_item.done) are
 *    closed just before the terminal event with the item the final Response lists.
 * 8. `-0` logprobs read as `0` (JSON.stringify writes -0 as 0).
 * For the SDK check, `response.apply_patch_call_operation_diff.*` events (sent by OpenAI but
 * absent from the spec and unknown to this SDK version, which throws on them) are removed.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeResponse } from "../../src/formats/openai-responses/response.ts";
import { ResponsesStreamDecoder } from "../../src/formats/openai-responses/stream-decoder.ts";
import { ResponsesStreamEncoder } from "../../src/formats/openai-responses/stream-encoder.ts";
import { encodeUsage } from "../../src/formats/openai-responses/usage.ts";
import { accumulate } from "../../src/ir/accumulate.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import { type IRStreamEvent, isTerminal } from "../../src/ir/stream.ts";
import { SSEDecoder, type SSEEvent } from "../../src/transport/sse-decoder.ts";
import { openaiSdkResponsesStream } from "../support/sdk-stream.ts";
import { type StreamFixture, streamFixtures } from "../support/streams.ts";

type Json = Record<string, unknown>;

const fixtures = streamFixtures("openai-responses");
const TERMINALS = new Set(["response.completed", "response.incomplete", "response.failed"]);
const LIFECYCLE = new Set([...TERMINALS, "response.created", "response.queued", "response.in_progress"]);
const ECHO_DEFAULTS: ReadonlyArray<[string, unknown]> = [
  ["error", null],
  ["incomplete_details", null],
  ["instructions", null],
  ["tools", []],
  ["tool_choice", "auto"],
  ["parallel_tool_calls", true],
  ["temperature", null],
  ["top_p", null],
  ["metadata", {}],
];

function sseEvents(bytes: Uint8Array | string, oneByteAtATime = false): SSEEvent[] {
  const sse = new SSEDecoder();
  const out: SSEEvent[] = [];
  if (oneByteAtATime && typeof bytes !== "string") {
    for (let i = 0; i < bytes.length; i++) out.push(...sse.push(bytes.subarray(i, i + 1)));
  } else {
    out.push(...sse.push(bytes));
  }
  return [...out, ...sse.end()];
}

function decodeIR(bytes: Uint8Array | string, oneByteAtATime = false): IRStreamEvent[] {
  const d = new ResponsesStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const ev of sseEvents(bytes, oneByteAtATime)) out.push(...d.push(ev));
  return [...out, ...d.end()];
}

function encodeIR(events: IRStreamEvent[]): string {
  const enc = new ResponsesStreamEncoder();
  let wire = "";
  for (const ev of events) wire += enc.push(ev);
  return wire + enc.end();
}

function isMalformed(f: StreamFixture): boolean {
  if (f.malformed !== undefined) return f.malformed;
  return sseEvents(f.bytes).some((e) => {
    try {
      JSON.parse(e.data);
      return false;
    } catch {
      return true;
    }
  });
}

/** The recording's events, parsed (-0 read as 0, normalisation 8). */
function nativeEvents(f: StreamFixture): Json[] {
  return sseEvents(f.bytes).map((e) => JSON.parse(e.data, (_k, v) => (Object.is(v, -0) ? 0 : v)) as Json);
}

/** -0 read as 0, as on the wire (normalisation 8). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The answer's parts that the tests compare, from an accumulated IR response. */
function answer(res: IRResponse) {
  const texts: string[] = [];
  const calls: Array<{ name: string; call_id: string; args: unknown }> = [];
  const reasoning: Array<{ summary: string[]; encrypted_content: unknown; interop: unknown }> = [];
  for (const item of res.output) {
    if (item.type === "message")
      for (const p of item.content) texts.push(p.type === "output_text" ? p.text : p.refusal);
    else if (item.type === "function_call")
      calls.push({ name: item.name, call_id: item.call_id, args: JSON.parse(item.arguments) });
    else if (item.type === "reasoning")
      reasoning.push({
        summary: item.summary.map((s) => s.text),
        encrypted_content: item.encrypted_content,
        interop: (item as { interop?: unknown }).interop,
      });
  }
  const u = res.usage;
  const usage = u && { ...u, cache_write_tokens: u.cache_write_tokens ?? 0 };
  return { status: res.status, stop: res.stop_reason, usage, texts, calls, reasoning };
}

/** Text deltas concatenated per part, straight from the recording. */
function recordedTexts(events: Json[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.type !== "response.output_text.delta") continue;
    const key = `${e.output_index}/${e.content_index}`;
    out.set(key, (out.get(key) ?? "") + (e.delta as string));
  }
  return out;
}

/** The recording with normalisations 2–7 applied, sequence numbers dropped (1). */
function normaliseRecording(events: Json[]): Json[] {
  const out: Json[] = [];
  const ids = new Map<number, string>();
  const names = new Map<number, string>();
  const dense = new Map<number, number>();
  const done: Json[] = [];
  let responseId: string | undefined;
  const fillText = (p: unknown) => {
    const part = p as Json;
    if (part.type === "output_text") part.logprobs ??= [];
  };
  const fillItem = (item: Json) => {
    if (item.type === "message") for (const p of item.content as unknown[]) fillText(p);
  };
  for (const raw of events) {
    const e = structuredClone(raw);
    delete e.sequence_number;
    if (LIFECYCLE.has(e.type as string)) {
      const r = e.response as Json;
      responseId ??= r.id as string;
      r.id = responseId;
      for (const [key, value] of ECHO_DEFAULTS) if (!(key in r)) r[key] = value;
      const details = (r.usage as Json | null)?.input_tokens_details as Json | undefined;
      if (details) details.cache_write_tokens ??= 0;
      if (TERMINALS.has(e.type as string)) {
        const final = (r.output as Json[]) ?? [];
        for (const [index, id] of ids) {
          if (done.some((d) => d.id === id)) continue;
          const item = final.find((i) => i.id === id) ?? final[index]!;
          fillItem(item);
          out.push({ type: "response.output_item.done", output_index: dense.get(index), item });
          done[dense.get(index)!] = item;
        }
        r.output = done.filter((d) => d !== undefined);
      }
      out.push(e);
      continue;
    }
    if (typeof e.output_index === "number") {
      if (e.type === "response.output_item.added") {
        const item = e.item as Json;
        ids.set(e.output_index, item.id as string);
        dense.set(e.output_index, dense.size);
        if (typeof item.name === "string") names.set(e.output_index, item.name);
      }
      const index = e.output_index;
      if ("item_id" in e) e.item_id = ids.get(index);
      if (e.type === "response.output_item.added" || e.type === "response.output_item.done") {
        const item = e.item as Json;
        item.id = ids.get(index);
        fillItem(item);
        if (e.type === "response.output_item.done") done[dense.get(index)!] = item;
      }
      if (e.type === "response.output_text.delta" || e.type === "response.output_text.done")
        e.logprobs ??= [];
      if (e.type === "response.content_part.added" || e.type === "response.content_part.done")
        fillText(e.part);
      if (e.type === "response.function_call_arguments.done") e.name ??= names.get(index);
      e.output_index = dense.get(index);
    }
    if (e.type === "error" && typeof e.error === "object" && e.error !== null) {
      const { code, message, param } = e.error as Json;
      Object.assign(e, { code, message, param });
    }
    out.push(e);
  }
  return out;
}

/** The re-encoded wire without events this SDK version does not know (see the list above). */
function forSdk(wire: string): string {
  return wire
    .split("\n\n")
    .filter((frame) => !frame.startsWith("event: response.apply_patch_call_operation_diff."))
    .join("\n\n");
}

test("the recordings include the streams the brief names", () => {
  const names = fixtures.map((f) => f.name);
  assert.ok(fixtures.length >= 60, `${fixtures.length} streams`);
  assert.ok(names.some((n) => n.endsWith("openai-error.1.chunks.txt")));
  assert.ok(names.some((n) => n.includes("openai-reasoning-encrypted-content.1.chunks.txt#3")));
  assert.equal(fixtures.filter(isMalformed).length, 1);
  assert.ok(fixtures.some((f) => /"obfuscation"/.test(new TextDecoder().decode(f.bytes))));
  assert.ok(fixtures.some((f) => /event: response\.queued/.test(new TextDecoder().decode(f.bytes))));
});

for (const f of fixtures) {
  const malformed = isMalformed(f);
  describe(f.name, () => {
    const ir = decodeIR(f.bytes);

    test("1. IR events are well-formed", () => {
      assert.deepEqual(
        ir.map((e) => e.sequence_number),
        ir.map((_, i) => i),
      );
      assert.equal(ir[0]?.type, "response.created");
      const terminals = ir.filter(isTerminal);
      assert.equal(terminals.length, 1);
      assert.equal(terminals[0], ir.at(-1));
      const open = new Set<number>();
      for (const e of ir) {
        if (e.type === "response.output_item.added") {
          assert.ok(!open.has(e.output_index), `index ${e.output_index} added twice`);
          open.add(e.output_index);
        } else if (e.type === "response.output_item.done") {
          assert.ok(open.delete(e.output_index), `done without added at ${e.output_index}`);
        } else if ("output_index" in e) {
          assert.ok(open.has(e.output_index), `${e.type} for an item that is not open`);
        }
        if ("response" in e) assert.deepEqual(e.response.output, []);
      }
      assert.equal(open.size, 0, "every added item is done");
    });

    if (malformed) {
      test("5. the malformed recording ends in error + response.failed", () => {
        assert.deepEqual(
          ir.slice(-2).map((e) => e.type),
          ["error", "response.failed"],
        );
        assert.match((ir.at(-2) as { message: string }).message, /malformed openai-responses stream event/);
        assert.equal(accumulate(ir).status, "failed");
      });
      test("3. re-encoded, it fails the same way and the SDK raises the error", async () => {
        const wire = encodeIR(ir);
        assert.deepEqual(
          decodeIR(wire)
            .slice(-2)
            .map((e) => e.type),
          ["error", "response.failed"],
        );
        await assert.rejects(openaiSdkResponsesStream(wire), /malformed openai-responses stream event/);
      });
      return;
    }

    const native = nativeEvents(f);
    const terminal = native.at(-1)!;

    test("2. the accumulated answer is the recording's answer", () => {
      const acc = plain(accumulate(ir));
      const final = decodeResponse(terminal.response).value;
      const ids = new Map(
        ir.flatMap((e) => (e.type === "response.output_item.added" ? [[e.output_index, e.item.id]] : [])),
      );
      assert.deepEqual(acc.status, final.status);
      assert.deepEqual(acc.stop_reason, final.stop_reason);
      assert.deepEqual(acc.usage, final.usage);
      assert.deepEqual(acc.error ?? null, final.error ?? null);
      // Output items: as the final Response lists them, with the blobs OpenAI re-mints taken
      // from the output_item.done events (6) and ids pinned (2).
      const doneItems = native
        .filter((e) => e.type === "response.output_item.done")
        .map((e) => e.item as Json);
      if (final.output.length > 0) {
        const expected = final.output.map((item, i) => {
          const ours = acc.output[i] as unknown as Json | undefined;
          const fromDone = doneItems.find((d) => d.id === (item as unknown as Json).id) ?? doneItems[i];
          const e = { ...(item as unknown as Json) };
          for (const k of ["encrypted_content", "fingerprint"])
            if (fromDone && k in fromDone) e[k] = fromDone[k];
          if (ours?.id !== undefined) e.id = ours.id;
          return e;
        });
        assert.deepEqual(acc.output, expected);
      }
      // Deltas reach the IR intact; the accumulated text is the recorded output_text.done
      // (two hand-trimmed vercel recordings shorten their deltas, so the two may differ).
      assert.deepEqual(recordedTexts(ir as unknown as Json[]), recordedTexts(native));
      for (const e of native.filter((x) => x.type === "response.output_text.done")) {
        const item = acc.output.find((i) => i.id === ids.get(e.output_index as number));
        assert.equal(
          item?.type === "message"
            ? (item.content[e.content_index as number] as unknown as Json).text
            : undefined,
          e.text,
        );
      }
      for (const e of native.filter((x) => x.type === "response.function_call_arguments.done")) {
        const call = acc.output.find((i) => i.type === "function_call" && i.id === e.item_id);
        if (call?.type === "function_call")
          assert.deepEqual(JSON.parse(call.arguments), JSON.parse(e.arguments as string));
      }
    });

    const wire = encodeIR(ir);

    test("3a. re-encoded, the wire equals the recording event by event (normalised)", () => {
      const ours = sseEvents(wire).map((e) => {
        const data = JSON.parse(e.data) as Json;
        assert.equal(e.event, data.type);
        return data;
      });
      assert.deepEqual(
        ours.map((e) => e.sequence_number),
        ours.map((_, i) => i),
      );
      for (const e of ours) delete e.sequence_number;
      assert.deepEqual(ours, normaliseRecording(native));
    });

    test("3b. re-encoded and decoded again, the answer is the same", () => {
      assert.deepEqual(answer(accumulate(decodeIR(wire))), answer(accumulate(ir)));
    });

    test("3c. the official SDK stream helper accepts the re-encoding", async () => {
      const acc = answer(accumulate(ir));
      if (terminal.type === "response.failed") {
        await assert.rejects(openaiSdkResponsesStream(forSdk(wire)), (e: Error & { code?: unknown }) => {
          assert.equal(e.code, (ir.find((x) => x.type === "error") as { code: string }).code);
          return true;
        });
        return;
      }
      const sdk = await openaiSdkResponsesStream(forSdk(wire));
      assert.equal(sdk.status, acc.status);
      assert.equal(
        sdk.output_text,
        accumulate(ir)
          .output.flatMap((i) =>
            i.type === "message" ? i.content.map((p) => (p.type === "output_text" ? p.text : "")) : [],
          )
          .join(""),
      );
      assert.deepEqual(
        sdk.output.flatMap((i) =>
          i.type === "function_call"
            ? [{ name: i.name, call_id: i.call_id, args: JSON.parse(i.arguments) }]
            : [],
        ),
        acc.calls,
      );
      const usage = accumulate(ir).usage;
      if (usage !== undefined)
        assert.deepEqual(
          sdk.usage,
          encodeUsage(
            usage,
            decodeResponse(terminal.response).value.interop?.openai?.raw?.usage as Json | undefined,
          ),
        );
    });
  });
}

const BYTE_BY_BYTE = [
  "test_openai_responses_stream.1.response.sse",
  "test_background_mode_streaming_vcr.0.response.sse",
  "github-copilot-id-rotation.1.chunks.txt",
  "openai-error.1.chunks.txt",
  "parallel-tool-call-wrapper.1.chunks.txt",
  "openai-reasoning-encrypted-content.1.chunks.txt#3",
];

for (const name of BYTE_BY_BYTE) {
  test(`4. ${name} fed one byte at a time gives the same IR events`, () => {
    const f = fixtures.find((x) => x.name.endsWith(name));
    assert.ok(f, name);
    assert.deepEqual(decodeIR(f.bytes, true), decodeIR(f.bytes));
  });
}
