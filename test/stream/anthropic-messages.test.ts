/**
 * Every recorded Anthropic Messages stream, through the stream codec.
 *
 * Normalisations (streamed vs non-streamed IR, and re-encoded vs recorded):
 * - function_call `arguments` are compared parsed: the stream keeps the API's own fragments
 *   (`{"location": "Paris"}`), a `Message` body re-serialises `input` compactly.
 * - a tool call cut by `max_tokens` (no `content_block_stop`) has unparsable arguments: they
 *   must equal the concatenated fragments and the item is `incomplete`; the rebuilt body,
 *   like the SDK, has no input for it.
 * - the rebuilt non-streamed body is made from the recording the way the API documents a
 *   stream accumulates (message_delta counts override, never add): it stands for the
 *   `Message` the same request would have returned.
 * - five anthropic-sdk-python files end without the blank line that dispatches their last
 *   event (`message_stop`); the SSE spec discards an undispatched event at the end of the
 *   stream, so they would read as truncated: the test adds the blank line.
 * - the SDK reads the input of a tool call cut by `max_tokens` by partially parsing its
 *   fragments, where a `Message` has none: that input is left out of the SDK comparison.
 * - the SDK's final message is compared on content, stop reason and the usage counts its
 *   MessageStream accumulates (it keeps only some `message_delta` usage keys).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { anthropicMessages } from "../../src/formats/anthropic-messages/index.ts";
import { accumulate } from "../../src/ir/accumulate.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import type { IRStreamEvent } from "../../src/ir/stream.ts";
import { isTerminal } from "../../src/ir/stream.ts";
import { SSEDecoder, type SSEEvent } from "../../src/transport/sse-decoder.ts";
import { anthropicSdkStream } from "../support/sdk-stream.ts";
import { streamFixtures } from "../support/streams.ts";

type Json = Record<string, unknown>;

const text = new TextDecoder();
const enc = new TextEncoder();
const fixtures = streamFixtures("anthropic-messages").map((f) => {
  const t = text.decode(f.bytes);
  return t.endsWith("\n\n") ? f : { ...f, bytes: enc.encode(`${t.trimEnd()}\n\n`) };
});

function sse(bytes: Uint8Array | string, oneByte = false): SSEEvent[] {
  const d = new SSEDecoder();
  const out: SSEEvent[] = [];
  if (oneByte && typeof bytes !== "string")
    for (let i = 0; i < bytes.length; i++) out.push(...d.push(bytes.subarray(i, i + 1)));
  else out.push(...d.push(bytes));
  out.push(...d.end());
  return out;
}

function decode(events: SSEEvent[]): IRStreamEvent[] {
  const dec = anthropicMessages.streamDecoder();
  const out: IRStreamEvent[] = [];
  for (const ev of events) out.push(...dec.push(ev));
  out.push(...dec.end());
  return out;
}

function encode(events: IRStreamEvent[]): string {
  const enc = anthropicMessages.streamEncoder();
  let out = "";
  for (const ev of events) out += enc.push(ev);
  return out + enc.end();
}

/** The `Message` a recorded stream stands for, accumulated as the API documents. */
function rebuild(events: SSEEvent[]): Json | undefined {
  let msg: Json | undefined;
  let content: Json[] = [];
  const json = new Map<number, string>();
  for (const ev of events) {
    const d = JSON.parse(ev.data) as Json;
    const index = d.index as number;
    switch (d.type) {
      case "message_start":
        if (msg !== undefined) return undefined;
        msg = structuredClone(d.message) as Json;
        content = msg.content as Json[];
        break;
      case "content_block_start":
        content[index] = structuredClone(d.content_block) as Json;
        break;
      case "content_block_delta": {
        const b = content[index] as Json;
        const x = d.delta as Json;
        if (x.type === "text_delta") b.text = `${b.text}${x.text}`;
        else if (x.type === "input_json_delta") json.set(index, `${json.get(index) ?? ""}${x.partial_json}`);
        else if (x.type === "thinking_delta") b.thinking = `${b.thinking}${x.thinking}`;
        else if (x.type === "signature_delta") b.signature = x.signature;
        else if (x.type === "citations_delta")
          b.citations = [...((b.citations as unknown[]) ?? []), x.citation];
        else for (const [k, v] of Object.entries(x)) if (k !== "type") b[k] = v;
        break;
      }
      case "content_block_stop": {
        const j = json.get(index);
        if (j) (content[index] as Json).input = JSON.parse(j);
        json.delete(index);
        break;
      }
      case "message_delta": {
        const m = msg as Json;
        const { stop_reason, stop_sequence, ...rest } = d.delta as Json;
        m.stop_reason = stop_reason;
        m.stop_sequence = stop_sequence;
        Object.assign(m, rest);
        for (const [k, v] of Object.entries(d)) if (!["type", "delta", "usage"].includes(k)) m[k] = v;
        const usage = (m.usage ?? {}) as Json;
        for (const [k, v] of Object.entries((d.usage ?? {}) as Json)) if (v != null) usage[k] = v;
        m.usage = usage;
        break;
      }
      case "message_stop":
        return msg;
      case "error":
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** Arguments parsed (see the normalisation list); unparsable ones stay as text. */
function normal(res: IRResponse): IRResponse {
  const out = structuredClone(res);
  for (const item of out.output as unknown as Json[]) {
    if (item.type !== "function_call") continue;
    try {
      item.arguments = JSON.parse(item.arguments as string);
    } catch {
      // compared as text
    }
  }
  return out;
}

function checkOrder(ir: IRStreamEvent[]): void {
  assert.ok(ir.length >= 2);
  assert.equal(ir[0]?.type, "response.created");
  ir.forEach((ev, i) => {
    assert.equal(ev.sequence_number, i, `sequence_number at ${i}`);
  });
  const terminals = ir.filter(isTerminal);
  assert.equal(terminals.length, 1, "exactly one terminal event");
  assert.ok(isTerminal(ir.at(-1) as IRStreamEvent), "the terminal event is last");
  const open = new Set<number>();
  const done = new Set<number>();
  for (const ev of ir) {
    if (ev.type === "response.output_item.added") {
      assert.ok(
        !open.has(ev.output_index) && !done.has(ev.output_index),
        `item ${ev.output_index} added twice`,
      );
      open.add(ev.output_index);
    } else if (ev.type === "response.output_item.done") {
      assert.ok(open.delete(ev.output_index), `item ${ev.output_index} done without added`);
      done.add(ev.output_index);
    } else if ("output_index" in ev) {
      assert.ok(open.has(ev.output_index), `${ev.type} for item ${ev.output_index}, which is not open`);
    }
  }
  assert.equal(open.size, 0, "every added item is done");
}

/** Text of every assistant message, tool calls, reasoning, as a client would read them. */
function digest(res: IRResponse): Json {
  return {
    output: normal(res).output,
    status: res.status,
    stop: res.stop_reason,
    usage: res.usage,
    error: res.error?.message === undefined ? undefined : true,
  };
}

/** `cut`: ids of tool calls cut by max_tokens, whose input the SDK reads by partial parsing. */
function sdkDigest(m: Message, cut: Set<string>): Json {
  return {
    content: m.content.map((b) => {
      const c: Json = { ...b };
      if (cut.has(c.id as string)) delete c.input;
      return c;
    }),
    stop_reason: m.stop_reason,
    stop_sequence: m.stop_sequence,
    input_tokens: m.usage.input_tokens,
    output_tokens: m.usage.output_tokens,
    cache_read: m.usage.cache_read_input_tokens ?? null,
    cache_write: m.usage.cache_creation_input_tokens ?? null,
  };
}

describe("anthropic-messages recorded streams", () => {
  assert.ok(fixtures.length > 50, "the catalog holds the recordings");
  for (const fx of fixtures) {
    describe(fx.name, () => {
      const events = sse(fx.bytes);
      const ir = decode(events);
      const body = rebuild(events);
      const failed = ir.at(-1)?.type === "response.failed";

      it("decodes to a well-ordered IR event stream", () => {
        checkOrder(ir);
        assert.equal(failed, body === undefined, "fails exactly when the recording never finishes");
      });

      it("accumulates to what the non-streamed decoder gives for the same answer", () => {
        const acc = accumulate(ir);
        if (body === undefined) {
          assert.equal(acc.status, "failed");
          assert.ok(acc.error != null);
          return;
        }
        const expected = anthropicMessages.decodeResponse(body).value;
        const got = normal(acc);
        const want = normal(expected);
        // The tool call cut by max_tokens (see the list above).
        got.output.forEach((item, i) => {
          const g = item as unknown as Json;
          if (g.type === "function_call" && typeof g.arguments === "string") {
            assert.equal(g.status, "incomplete");
            const w = want.output[i] as unknown as Json;
            w.arguments = g.arguments;
            w.status = "incomplete";
          }
        });
        assert.deepEqual(got, want);
        // And the plain facts, independently of the non-streamed decoder.
        const deltas = ir
          .filter((e) => e.type === "response.output_text.delta")
          .map((e) => (e as { delta: string }).delta)
          .join("");
        const recorded = ((body.content as Json[]) ?? [])
          .filter((b) => b.type === "text")
          .map((b) => b.text)
          .join("");
        assert.equal(deltas, recorded);
      });

      it("re-encodes to a stream that decodes to the same answer", () => {
        const wire = encode(ir);
        const again = decode(sse(wire));
        checkOrder(again);
        assert.deepEqual(digest(accumulate(again)), digest(accumulate(ir)));
        if (!failed) assert.deepEqual(normal(accumulate(again)), normal(accumulate(ir)));
      });

      it("re-encodes to a stream the official SDK accepts", async () => {
        const wire = encode(ir);
        if (failed) {
          await assert.rejects(anthropicSdkStream(wire));
          return;
        }
        const msg = await anthropicSdkStream(wire);
        const acc = accumulate(ir);
        const expected = anthropicMessages.encodeResponse(acc).value as unknown as Message;
        const cut = new Set(
          acc.output
            .filter((o) => o.type === "function_call" && o.status === "incomplete")
            .map((o) => (o as { call_id: string }).call_id),
        );
        assert.deepEqual(sdkDigest(msg, cut), sdkDigest(expected, cut));
      });
    });
  }
});

describe("anthropic-messages streams fed one byte at a time", () => {
  const picks = fixtures.filter((f) =>
    /basic_response|incomplete_partial_json|thinking_part_redacted|tool_use_response|anthropic-text\.chunks/.test(
      f.name,
    ),
  );
  it("covers several recordings", () => assert.ok(picks.length >= 4));
  for (const fx of picks) {
    it(fx.name, () => {
      assert.deepEqual(decode(sse(fx.bytes, true)), decode(sse(fx.bytes)));
    });
  }
});

describe("a hand-broken recording", () => {
  it("ends in error + response.failed, never a throw", () => {
    const fx = fixtures.find((f) => f.name.endsWith("tool_use_response.txt"));
    assert.ok(fx);
    const broken = text.decode(fx.bytes).replace('"partial_json":"ar"}}', '"partial_json":"ar"}');
    const ir = decode(sse(broken));
    checkOrder(ir);
    assert.deepEqual(
      ir.slice(-2).map((e) => e.type),
      ["error", "response.failed"],
    );
  });
});
