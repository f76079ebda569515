import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import {
  decodeInputPart,
  encodeInputPart,
  guessMimeType,
  type IRInputPart,
  parseDataUrl,
} from "./content.ts";

test("data URLs split into MIME type and base64; other URLs do not", () => {
  assert.deepEqual(parseDataUrl("data:image/png;base64,AAA="), { mimeType: "image/png", data: "AAA=" });
  assert.deepEqual(parseDataUrl("data:;base64,QQ=="), { mimeType: "application/octet-stream", data: "QQ==" });
  assert.equal(parseDataUrl("data:text/plain,hello"), undefined);
  assert.equal(parseDataUrl("https://x/y.png"), undefined);
  assert.equal(guessMimeType("https://x/photo.JPG?size=2"), "image/jpeg");
  assert.equal(guessMimeType("report.pdf"), "application/pdf");
  assert.equal(guessMimeType("https://youtu.be/abc"), undefined);
});

test("inline images are input_image, other inline data (PDF, audio) input_file, both as data URLs", () => {
  assert.deepEqual(decodeInputPart({ inlineData: { mimeType: "image/png", data: "AAA=" } }, "p"), {
    type: "input_image",
    detail: "auto",
    image_url: "data:image/png;base64,AAA=",
  });
  assert.deepEqual(decodeInputPart({ inline_data: { mime_type: "audio/wav", data: "UklG" } }, "p"), {
    type: "input_file",
    file_data: "data:audio/wav;base64,UklG",
  });
});

test("files by URI keep their MIME type and part metadata for the way back", () => {
  const native = {
    fileData: { fileUri: "https://youtu.be/lCdaVNyHtjU", mimeType: "video/mp4" },
    videoMetadata: { startOffset: "1s" },
  };
  const part = decodeInputPart(native, "p");
  assert.deepEqual(part, {
    type: "input_file",
    file_url: "https://youtu.be/lCdaVNyHtjU",
    interop: {
      gemini: { raw: { videoMetadata: { startOffset: "1s" }, fileData: { mimeType: "video/mp4" } } },
    },
  });
  assert.deepEqual(encodeInputPart(part!, "p", []), native);
  const img = decodeInputPart({ fileData: { fileUri: "gs://b/cat", mimeType: "image/webp" } }, "p");
  assert.equal(img?.type, "input_image");
  assert.deepEqual(encodeInputPart(img!, "p", []), {
    fileData: { fileUri: "gs://b/cat", mimeType: "image/webp" },
  });
});

test("other part kinds are not input parts; malformed ones name their path", () => {
  assert.equal(decodeInputPart({ functionCall: { name: "f" } }, "p"), undefined);
  assert.throws(
    () => decodeInputPart({ inlineData: { data: "x" } }, "contents[0].parts[1]"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "contents[0].parts[1].inlineData.mimeType",
  );
});

test("IR parts from elsewhere: URLs by fileData (guessed type), data by inlineData, losses reported", () => {
  const dropped: Dropped[] = [];
  const parts: IRInputPart[] = [
    { type: "input_image", detail: "high", image_url: "https://example.com/a.png" },
    { type: "input_image", detail: "auto", image_url: "https://example.com/render?id=7" },
    { type: "input_image", detail: "auto", image_url: "data:image/jpeg;base64,/9j/" },
    { type: "input_image", detail: "auto", file_id: "file-123" },
    { type: "input_file", filename: "doc.pdf", file_data: "data:application/pdf;base64,JVBE" },
    { type: "input_file", filename: "notes.pdf", file_data: "JVBE" },
    { type: "input_file", file_url: "https://example.com/r.pdf" },
    { type: "input_file", file_id: "file-9" },
  ];
  const out = parts.map((p, i) => encodeInputPart(p, `input[0].content[${i}]`, dropped));
  assert.deepEqual(out, [
    { fileData: { mimeType: "image/png", fileUri: "https://example.com/a.png" } },
    { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/render?id=7" } },
    { inlineData: { mimeType: "image/jpeg", data: "/9j/" } },
    undefined,
    { inlineData: { mimeType: "application/pdf", data: "JVBE" } },
    { inlineData: { mimeType: "application/pdf", data: "JVBE" } },
    { fileData: { mimeType: "application/pdf", fileUri: "https://example.com/r.pdf" } },
    undefined,
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    [
      "input[0].content[0].detail",
      "input[0].content[3]",
      "input[0].content[4].filename",
      "input[0].content[5].filename",
      "input[0].content[7]",
    ],
  );
});
