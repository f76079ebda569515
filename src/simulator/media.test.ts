import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32, inflateSync } from "node:zlib";
import { embeddingBase64, embeddingFor, PNG_1X1, WAV_SILENCE, wavDuration } from "./media.ts";

test("the PNG is a valid 1×1 image: signature, chunk CRCs, one decodable scanline", () => {
  assert.deepEqual([...PNG_1X1.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  const types: string[] = [];
  let idat: Buffer = Buffer.alloc(0);
  while (off < PNG_1X1.length) {
    const len = PNG_1X1.readUInt32BE(off);
    const type = PNG_1X1.toString("latin1", off + 4, off + 8);
    const data = PNG_1X1.subarray(off + 8, off + 8 + len);
    assert.equal(PNG_1X1.readUInt32BE(off + 8 + len), crc32(PNG_1X1.subarray(off + 4, off + 8 + len)), type);
    if (type === "IHDR") {
      assert.equal(data.readUInt32BE(0), 1);
      assert.equal(data.readUInt32BE(4), 1);
    }
    if (type === "IDAT") idat = data;
    types.push(type);
    off += 12 + len;
  }
  assert.deepEqual(types, ["IHDR", "IDAT", "IEND"]);
  assert.deepEqual([...inflateSync(idat)], [0, 255, 255, 255]);
});

test("the WAV is 0.25 s of 8 kHz 16-bit mono silence", () => {
  assert.equal(WAV_SILENCE.toString("latin1", 0, 4), "RIFF");
  assert.equal(WAV_SILENCE.readUInt32LE(24), 8000);
  assert.equal(wavDuration(WAV_SILENCE), 0.25);
  assert.ok(WAV_SILENCE.subarray(44).every((b) => b === 0));
  assert.equal(wavDuration(Buffer.from("not a wav file at all, not even close to one")), undefined);
});

test("embeddings: deterministic unit vectors of any dimension; base64 is Float32 LE", () => {
  const a = embeddingFor("hello", 40);
  assert.equal(a.length, 40);
  assert.deepEqual(a, embeddingFor("hello", 40));
  assert.notDeepEqual(a, embeddingFor("hellp", 40));
  assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  const bytes = Buffer.from(embeddingBase64(a), "base64");
  assert.equal(bytes.length, 160);
  assert.ok(Math.abs(bytes.readFloatLE(4) - a[1]!) < 1e-6);
});
