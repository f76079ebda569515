/**
 * Every recorded Chat Completions stream, through the stream codec:
 * 1. bytes → SSEDecoder → ChatStreamDecoder: well-formed IR events (numbering, one terminal
 *    event last, every item opened is closed, deltas only for open items);
 * 2. the accumulated answer equals what the non-streaming decoder gives for the same answer
 *    as a `ChatCompletion` body — rebuilt from the recorded bytes by openai-node's own stream
 *    helper — and the text, tool calls, stop reason and usage read straight off the chunks;
 * 3. re-encoded by ChatStreamEncoder, the stream decodes to the same answer, and openai-node's
 *    stream helper accepts it with the same meaning;
 * 4. fed one byte at a time it gives the same events as fed whole;
 * 5. cut before its finish_reason, or with a chunk broken, it ends in error + response.failed.
 *
 * Normalisations (what is compared, and why):
 * - answers are compared on id, model, created_at, service_tier, status, output items, stop
 *   reason and usage; `interop.chat.raw` is not, because the SDK's rebuilt body has fields the
 *   wire never had (`parsed`) and drops `obfuscation`;
 * - openai-node's helper lets a chunk after the usage chunk (`moderation`, with `usage: null`)
 *   erase the usage it rebuilt; usage is then compared with the recorded usage chunk only;
 * - openai-node's helper tells nothing of the other choices of an `n > 1` answer apart from
 *   choice 0, so only choice 0 is compared with it (the others are checked in raw separately).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openaiChat } from "../../src/formats/openai-chat/index.ts";
import { ChatStreamDecoder } from "../../src/formats/openai-chat/stream-decoder.ts";
import { ChatStreamEncoder } from "../../src/formats/openai-chat/stream-encoder.ts";
import { decodeUsage } from "../../src/formats/openai-chat/usage.ts";
import { isObject, type JsonObject } from "../../src/formats/validate.ts";
import { accumulate } from "../../src/ir/accumulate.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import { type IRStreamEvent, isTerminal } from "../../src/ir/stream.ts";
import { SSEDecoder } from "../../src/transport/sse-decoder.ts";
import { openaiSdkChatStream } from "../support/sdk-stream.ts";
import { type StreamFixture, streamFixtures } from "../support/streams.ts";

const fixtures = streamFixtures("openai-chat");
const utf8 = new TextDecoder();

function decode(chunks: Iterable<Uint8Array | string>): IRStreamEvent[] {
  const sse = new SSEDecoder();
  const d = new ChatStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (const c of chunks) for (const ev of sse.push(c)) out.push(...d.push(ev));
  for (const ev of sse.end()) out.push(...d.push(ev));
  out.push(...d.end());
  return out;
}

function encode(events: IRStreamEvent[]): string {
  const e = new ChatStreamEncoder({ includeUsage: true });
  let text = "";
  for (const ev of events) text += e.push(ev);
  return text + e.end();
}

/** Structural checks every IR event sequence must pass. */
function assertWellFormed(events: IRStreamEvent[]): void {
  assert.equal(events[0]?.type, "response.created");
  events.forEach((ev, i) => {
    assert.equal(ev.sequence_number, i, "sequence_number counts from 0 without gaps");
  });
  assert.equal(events.filter(isTerminal).length, 1, "exactly one terminal event");
  assert.ok(isTerminal(events.at(-1) as IRStreamEvent), "the terminal event is last");
  const open = new Set<number>();
  const closed = new Set<number>();
  for (const ev of events) {
    if (ev.type === "response.output_item.added") {
      assert.ok(!open.has(ev.output_index) && !closed.has(ev.output_index), "output_index used once");
      open.add(ev.output_index);
    } else if (ev.type === "response.output_item.done") {
      assert.ok(open.delete(ev.output_index), `done for an open item (${ev.output_index})`);
      closed.add(ev.output_index);
    } else if ("output_index" in ev && typeof ev.output_index === "number") {
      assert.ok(open.has(ev.output_index), `${ev.type} for an open item (${ev.output_index})`);
    }
  }
  if (events.at(-1)?.type !== "response.failed") assert.equal(open.size, 0, "every added item is done");
}

/** What is compared between two answers (see the normalisation list above). */
function core(r: IRResponse): JsonObject {
  const out: JsonObject = { id: r.id, model: r.model, status: r.status, output: r.output };
  for (const key of ["created_at", "service_tier", "stop_reason", "usage"] as const) {
    if (r[key] !== undefined) out[key] = r[key];
  }
  return out;
}

/** Choice 0 and the final usage, read straight off the recorded chunks. */
function recorded(fx: StreamFixture) {
  const rec = { text: "", refusal: "", calls: new Map<number, { name: string; args: string }>() };
  let finish: string | undefined;
  let usage: unknown;
  for (const line of utf8.decode(fx.bytes).split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const chunk = JSON.parse(line.slice(6)) as JsonObject;
    if (isObject(chunk.usage)) usage = chunk.usage;
    for (const c of (chunk.choices as JsonObject[]) ?? []) {
      if (c.index !== 0) continue;
      const d = (c.delta ?? {}) as JsonObject;
      if (typeof d.content === "string") rec.text += d.content;
      if (typeof d.refusal === "string") rec.refusal += d.refusal;
      for (const tc of (d.tool_calls as JsonObject[]) ?? []) {
        const fn = (tc.function ?? {}) as JsonObject;
        const call = rec.calls.get(tc.index as number) ?? { name: "", args: "" };
        if (typeof fn.name === "string") call.name = fn.name;
        if (typeof fn.arguments === "string") call.args += fn.arguments;
        rec.calls.set(tc.index as number, call);
      }
      if (typeof c.finish_reason === "string") finish = c.finish_reason;
    }
  }
  return { ...rec, finish, usage };
}

function partsOf(answer: IRResponse, type: "output_text" | "refusal"): string {
  let s = "";
  for (const item of answer.output) {
    if (item.type !== "message") continue;
    for (const p of item.content) {
      if (p.type === "output_text" && type === "output_text") s += p.text;
      if (p.type === "refusal" && type === "refusal") s += p.refusal;
    }
  }
  return s;
}

describe("openai-chat recorded streams", () => {
  assert.ok(fixtures.length >= 17, "every recording is found");
  for (const fx of fixtures) {
    describe(fx.name, () => {
      const events = decode([fx.bytes]);
      const answer = accumulate(events);

      test("decodes to well-formed IR events", () => {
        assertWellFormed(events);
        assert.notEqual(events.at(-1)?.type, "response.failed");
      });

      test("means what the recorded chunks say", () => {
        const rec = recorded(fx);
        assert.equal(partsOf(answer, "output_text"), rec.text);
        assert.equal(partsOf(answer, "refusal"), rec.refusal);
        const calls = answer.output.flatMap((i) =>
          i.type === "function_call" ? [{ name: i.name, args: JSON.parse(i.arguments) as unknown }] : [],
        );
        const want = [...rec.calls.values()].map((c) => ({
          name: c.name,
          args: JSON.parse(c.args) as unknown,
        }));
        assert.deepEqual(calls, want);
        assert.equal(answer.stop_reason?.native?.value, rec.finish);
        assert.deepEqual(answer.usage, decodeUsage(rec.usage).usage);
      });

      test("equals the non-streaming decode of the same answer", async () => {
        const body = await openaiSdkChatStream(utf8.decode(fx.bytes));
        const whole = openaiChat.decodeResponse(body).value;
        const mine = core(answer);
        if (whole.usage === undefined) delete mine.usage;
        assert.deepEqual(mine, core(whole));
        const others = (body.choices ?? []).slice(1).map((c) => c.message.content);
        const raw = answer.interop?.chat?.raw?.choices as JsonObject[] | undefined;
        assert.deepEqual(raw?.slice(1).map((c) => (c.message as JsonObject).content) ?? [], others);
      });

      test("re-encodes to a stream with the same answer, which openai-node accepts", async () => {
        const text = encode(events);
        const again = decode([text]);
        assertWellFormed(again);
        assert.deepEqual(core(accumulate(again)), core(answer));
        const sdk = openaiChat.decodeResponse(await openaiSdkChatStream(text)).value;
        assert.deepEqual(core(sdk), core(answer));
      });

      test("gives the same events fed one byte at a time", () => {
        const bytes = Array.from(fx.bytes, (_, i) => fx.bytes.subarray(i, i + 1));
        assert.deepEqual(decode(bytes), events);
      });

      test("cut before its finish_reason, ends in error + response.failed", () => {
        const text = utf8.decode(fx.bytes);
        const cut = text.indexOf('"finish_reason":"');
        for (const at of [Math.floor(cut / 2), cut - 1]) {
          const evs = decode([text.slice(0, at)]);
          assertWellFormed(evs);
          assert.deepEqual(
            evs.slice(-2).map((e) => e.type),
            ["error", "response.failed"],
          );
        }
      });

      test("with a chunk broken, ends in error + response.failed without throwing", () => {
        const text = utf8.decode(fx.bytes);
        const second = text.indexOf("data: {", 1);
        const evs = decode([`${text.slice(0, second)}data: {"id":${text.slice(second + 7)}`]);
        assertWellFormed(evs);
        assert.deepEqual(
          evs.slice(-2).map((e) => e.type),
          ["error", "response.failed"],
        );
        const failed = evs.at(-1) as { response: IRResponse };
        assert.equal(failed.response.status, "failed");
        assert.ok(failed.response.error?.message.includes("malformed"));
      });
    });
  }
});
