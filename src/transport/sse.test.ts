import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { wireDir } from "../../test/support/wire.ts";
import { decodeSSE, SSEDecoder, type SSEEvent } from "./sse-decoder.ts";
import { encodeSSE, encodeSSEComment } from "./sse-encoder.ts";

function decodeAll(chunks: Array<Uint8Array | string>): SSEEvent[] {
  const d = new SSEDecoder();
  const out: SSEEvent[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out;
}

function bytewise(s: string | Uint8Array): Uint8Array[] {
  const b = typeof s === "string" ? new TextEncoder().encode(s) : s;
  return Array.from(b, (x) => Uint8Array.of(x));
}

test("LF, CRLF and CR line endings decode alike", () => {
  const lf = "event: a\ndata: 1\n\ndata: 2\n\n";
  const expected = [{ event: "a", data: "1" }, { data: "2" }];
  assert.deepEqual(decodeAll([lf]), expected);
  assert.deepEqual(decodeAll([lf.replaceAll("\n", "\r\n")]), expected);
  assert.deepEqual(decodeAll([lf.replaceAll("\n", "\r")]), expected);
});

test("multi-line data joins with LF; comments, unknown fields and empty events are ignored", () => {
  const s = ": keep-alive\ndata: a\ndata:b\nfoo: bar\ndata\n\nevent: x\n\n";
  assert.deepEqual(decodeAll([s]), [{ data: "a\nb\n" }]);
});

test("id and retry are kept; an id with NUL is ignored", () => {
  assert.deepEqual(decodeAll(["id: 7\nretry: 100\ndata: x\n\n"]), [{ id: "7", retry: 100, data: "x" }]);
  assert.deepEqual(decodeAll(["id: a\0b\ndata: x\n\n"]), [{ data: "x" }]);
});

test("a leading BOM is stripped; a trailing event without blank line is discarded", () => {
  assert.deepEqual(decodeAll(["\ufeffdata: 1\n\ndata: 2"]), [{ data: "1" }]);
});

test("CRLF split across chunks is one line ending, not two", () => {
  assert.deepEqual(decodeAll(["data: 1\r", "\n\r", "\ndata: 2\r\n\r\n"]), [{ data: "1" }, { data: "2" }]);
});

test("a multi-byte character split across chunks survives", () => {
  const s = "data: héllo 🚀 世界\n\n";
  assert.deepEqual(decodeAll(bytewise(s)), [{ data: "héllo 🚀 世界" }]);
});

test("comments are available when asked for", () => {
  const d = new SSEDecoder({ keepComments: true });
  d.push(": ping\n\ndata: 1\n\n");
  assert.deepEqual(d.takeComments(), ["ping"]);
});

test("encode → decode is the identity, with LF and CRLF", () => {
  const events: SSEEvent[] = [
    { event: "message_start", data: '{"a":1}' },
    { data: "line1\nline2\r\nline3" },
    { data: "" },
    { id: "9", data: "[DONE]" },
  ];
  for (const eol of ["\n", "\r\n"] as const) {
    const wire = events.map((e) => encodeSSE(e, eol)).join("") + encodeSSEComment("ping", eol);
    const back = decodeAll(bytewise(wire));
    assert.deepEqual(
      back,
      events.map((e) => (e.data.includes("\r\n") ? { ...e, data: e.data.replaceAll("\r\n", "\n") } : e)),
    );
  }
});

test("async decodeSSE yields events as chunks arrive", async () => {
  async function* src() {
    yield "data: 1\n";
    yield "\ndata: 2\n\n";
  }
  const got: string[] = [];
  for await (const e of decodeSSE(src())) got.push(e.data);
  assert.deepEqual(got, ["1", "2"]);
});

test("recorded streams decode the same whole and one byte at a time", () => {
  const files = [
    ...readdirSync(join(wireDir, "anthropic/messages/pydantic-ai/extracted"))
      .filter((f) => f.endsWith(".response.sse"))
      .slice(0, 4)
      .map((f) => join(wireDir, "anthropic/messages/pydantic-ai/extracted", f)),
    ...readdirSync(join(wireDir, "openai/chat-completions/openai-python"))
      .filter((f) => f.endsWith(".bin"))
      .slice(0, 3)
      .map((f) => join(wireDir, "openai/chat-completions/openai-python", f)),
    ...readdirSync(join(wireDir, "google/generate-content/pydantic-ai/extracted"))
      .filter((f) => f.endsWith(".response.sse"))
      .slice(0, 3)
      .map((f) => join(wireDir, "google/generate-content/pydantic-ai/extracted", f)),
  ];
  assert.ok(files.length >= 8);
  for (const f of files) {
    const bytes = readFileSync(f);
    const whole = decodeAll([bytes]);
    assert.ok(whole.length >= 1, f);
    for (const e of whole) if (e.data !== "[DONE]") JSON.parse(e.data);
    assert.deepEqual(decodeAll(bytewise(bytes)), whole, f);
  }
});
