import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

/**
 * The simulator's media: the smallest files that are still valid, made once at load time.
 * @see https://www.w3.org/TR/png-3/ (signature, IHDR, IDAT, IEND; CRC over type + data)
 * @see http://soundfile.sapp.org/doc/WaveFormat/ (RIFF / fmt / data, PCM)
 */

/** A 1×1 opaque white PNG (8-bit RGB). */
export const PNG_1X1: Buffer = png1x1();

/** 0.25 s of silence: 8 kHz, mono, 16-bit PCM WAV. */
export const WAV_SILENCE: Buffer = wavSilence(8000, 2000);

function png1x1(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  // compression, filter, interlace: 0
  const scanline = Buffer.from([0, 0xff, 0xff, 0xff]); // filter byte + one white pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(scanline)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function wavSilence(rate: number, samples: number): Buffer {
  const dataBytes = samples * 2;
  const b = Buffer.alloc(44 + dataBytes);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write("WAVE", 8, "latin1");
  b.write("fmt ", 12, "latin1");
  b.writeUInt32LE(16, 16); // PCM fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write("data", 36, "latin1");
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

/** Seconds of audio in a PCM WAV file; undefined when `bytes` is not one. */
export function wavDuration(bytes: Uint8Array): number | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 44 || b.toString("latin1", 0, 4) !== "RIFF" || b.toString("latin1", 8, 12) !== "WAVE")
    return undefined;
  let off = 12;
  let byteRate: number | undefined;
  while (off + 8 <= b.length) {
    const id = b.toString("latin1", off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === "fmt " && off + 16 <= b.length) byteRate = b.readUInt32LE(off + 16);
    if (id === "data") return byteRate ? Math.min(size, b.length - off - 8) / byteRate : undefined;
    off += 8 + size + (size % 2);
  }
  return undefined;
}

/**
 * A deterministic unit vector for `input`: coordinates from SHA-256 of the text (chained for
 * long vectors), centred on zero, then normalised. Same text, same vector, any run.
 */
export function embeddingFor(input: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions);
  let block = createHash("sha256").update(input).digest();
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const j = i % 16;
    if (i > 0 && j === 0) block = createHash("sha256").update(block).digest();
    const x = block.readUInt16LE(j * 2) / 65535 - 0.5;
    v[i] = x;
    norm += x * x;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) v[i] = v[i]! * scale;
  return v;
}

/** Float32 little-endian bytes, base64: the `encoding_format: "base64"` form. */
export function embeddingBase64(v: readonly number[]): string {
  const f = new Float32Array(v);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64");
}
