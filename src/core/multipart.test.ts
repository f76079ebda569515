import assert from "node:assert/strict";
import { test } from "node:test";
import { boundaryOf, readField, replaceField } from "./multipart.ts";

const b = "XyZ";
const ct = `multipart/form-data; boundary="${b}"`;
const body = Buffer.from(
  `--${b}\r\nContent-Disposition: form-data; name="model_hint"\r\n\r\nnope\r\n` +
    `--${b}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n` +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n\x00\x01--\r\n--${b}--\r\n`,
  "latin1",
);

test("boundary, quoted or not; non-multipart is undefined", () => {
  assert.equal(boundaryOf(ct), b);
  assert.equal(boundaryOf("multipart/form-data; boundary=abc; charset=utf-8"), "abc");
  assert.equal(boundaryOf("application/json"), undefined);
  assert.equal(boundaryOf(undefined), undefined);
});

test("reads and replaces one field by exact name, other bytes unchanged", () => {
  assert.equal(readField(body, ct, "model"), "whisper-1");
  const out = Buffer.from(replaceField(body, ct, "model", "gpt-4o-transcribe") ?? []);
  assert.equal(
    out.toString("latin1"),
    body.toString("latin1").replace("\r\n\r\nwhisper-1\r\n", "\r\n\r\ngpt-4o-transcribe\r\n"),
  );
  assert.equal(readField(body, ct, "missing"), undefined);
  assert.equal(replaceField(body, "text/plain", "model", "x"), undefined);
});
