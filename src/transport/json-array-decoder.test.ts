import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { wireDir } from "../../test/support/wire.ts";
import { JSONArrayDecoder } from "./json-array-decoder.ts";

function split(chunks: Array<string | Uint8Array>): unknown[] {
  const d = new JSONArrayDecoder();
  const out: string[] = [];
  for (const c of chunks) out.push(...d.push(c));
  out.push(...d.end());
  return out.map((s) => JSON.parse(s));
}

test("elements come out as they close, with brackets and quotes inside strings", () => {
  const s = '[{"a":"]},{["},\n{"b":[1,{"c":"\\"}"}]}\r\n,\n{"d":"é🚀"}]';
  const expected = [{ a: "]},{[" }, { b: [1, { c: '"}' }] }, { d: "é🚀" }];
  assert.deepEqual(split([s]), expected);
  assert.deepEqual(split(Array.from(new TextEncoder().encode(s), (b) => Uint8Array.of(b))), expected);
});

test("an empty array yields nothing; a cut stream is an error", () => {
  assert.deepEqual(split(["[ ]"]), []);
  const d = new JSONArrayDecoder();
  d.push('[{"a":1},{"b"');
  assert.throws(() => d.end(), /ended before/);
});

test("recorded Gemini JSON-array streams split into their elements, byte by byte too", () => {
  const dir = join(wireDir, "google/generate-content/llm-gemini/extracted");
  const files = readdirSync(dir).filter((f) => f.endsWith(".response.json"));
  assert.ok(files.length > 5);
  for (const f of files) {
    const text = readFileSync(join(dir, f), "utf8");
    const whole = JSON.parse(text) as unknown[];
    assert.deepEqual(split([text]), whole, f);
  }
  const first = readFileSync(join(dir, files[0]!));
  assert.deepEqual(split(Array.from(first, (b) => Uint8Array.of(b))), JSON.parse(first.toString("utf8")));
});
