import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import {
  base64ToUtf8,
  decodeContentPart,
  encodeContentPart,
  parseDataUrl,
  toDataUrl,
  utf8ToBase64,
} from "./content.ts";

test("data URLs parse into mime, encoding and payload", () => {
  assert.deepEqual(parseDataUrl("data:image/png;base64,AAAA"), {
    mime: "image/png",
    base64: true,
    data: "AAAA",
  });
  assert.deepEqual(parseDataUrl("data:text/plain;charset=utf-8,hi%20there"), {
    mime: "text/plain",
    base64: false,
    data: "hi%20there",
  });
  assert.equal(parseDataUrl("https://example.com/a.png"), undefined);
  assert.equal(toDataUrl("application/pdf", "JVBE"), "data:application/pdf;base64,JVBE");
});

test("UTF-8 survives base64 both ways", () => {
  const text = "naïve — 日本語 🐦";
  assert.equal(base64ToUtf8(utf8ToBase64(text)), text);
});

test("image blocks: base64, url and file sources; cache_control kept on the part", () => {
  const b64 = decodeContentPart(
    {
      type: "image",
      source: { type: "base64", media_type: "image/jpeg", data: "/9j/" },
      cache_control: { type: "ephemeral" },
    },
    "p",
  );
  assert.deepEqual(b64, {
    type: "input_image",
    detail: "auto",
    image_url: "data:image/jpeg;base64,/9j/",
    interop: { anthropic: { cache_control: { type: "ephemeral" } } },
  });
  assert.deepEqual(
    decodeContentPart({ type: "image", source: { type: "url", url: "https://x/y.png" } }, "p"),
    {
      type: "input_image",
      detail: "auto",
      image_url: "https://x/y.png",
    },
  );
  assert.deepEqual(decodeContentPart({ type: "image", source: { type: "file", file_id: "file_1" } }, "p"), {
    type: "input_image",
    detail: "auto",
    file_id: "file_1",
  });
});

test("document blocks: PDF, plain text, URL and file sources; title is the filename", () => {
  const pdf = decodeContentPart(
    {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
      title: "a.pdf",
      context: "ctx",
    },
    "p",
  );
  assert.deepEqual(pdf, {
    type: "input_file",
    file_data: "data:application/pdf;base64,JVBE",
    filename: "a.pdf",
    interop: { anthropic: { raw: { context: "ctx" } } },
  });
  const text = decodeContentPart(
    { type: "document", source: { type: "text", media_type: "text/plain", data: "héllo" } },
    "p",
  );
  assert.ok(text !== undefined);
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeContentPart(text, "p", dropped), {
    type: "document",
    source: { type: "text", media_type: "text/plain", data: "héllo" },
  });
  assert.deepEqual(
    decodeContentPart({ type: "document", source: { type: "url", url: "https://x/a.pdf" } }, "p"),
    {
      type: "input_file",
      file_url: "https://x/a.pdf",
    },
  );
  // A content-source document has no IR part: the caller keeps it opaque.
  assert.equal(
    decodeContentPart({ type: "document", source: { type: "content", content: [] } }, "p"),
    undefined,
  );
  assert.equal(
    decodeContentPart({ type: "search_result", source: "s", title: "t", content: [] }, "p"),
    undefined,
  );
  assert.deepEqual(dropped, []);
});

test("IR parts from other formats encode, with what cannot cross reported", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(
    encodeContentPart(
      { type: "input_image", detail: "high", image_url: "data:image/png;base64,AA" },
      "input[0].content[0]",
      dropped,
    ),
    {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "AA" },
    },
  );
  assert.deepEqual(dropped, [
    { path: "input[0].content[0].detail", reason: "image detail has no equivalent in anthropic-messages" },
  ]);
  dropped.length = 0;
  assert.equal(
    encodeContentPart(
      { type: "input_image", detail: "auto", image_url: "data:image/bmp;base64,AA" },
      "q",
      dropped,
    ),
    undefined,
  );
  assert.equal(
    encodeContentPart(
      { type: "input_file", file_data: "data:application/zip;base64,AA", filename: "x.zip" },
      "r",
      dropped,
    ),
    undefined,
  );
  assert.equal(
    encodeContentPart({ type: "input_audio", input_audio: { data: "AA", format: "wav" } }, "s", dropped),
    undefined,
  );
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["q", "r", "s"],
  );
  // A bare base64 file (no data: prefix) is read as a PDF; an image file as an image block.
  assert.deepEqual(
    encodeContentPart({ type: "input_file", file_data: "JVBE", filename: "doc.pdf" }, "t", dropped),
    {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
      title: "doc.pdf",
    },
  );
  assert.deepEqual(
    encodeContentPart({ type: "input_file", file_data: "data:image/webp;base64,UklG" }, "u", dropped),
    {
      type: "image",
      source: { type: "base64", media_type: "image/webp", data: "UklG" },
    },
  );
  assert.deepEqual(encodeContentPart({ type: "input_file", file_id: "file-abc" }, "v", dropped), {
    type: "document",
    source: { type: "file", file_id: "file-abc" },
  });
});

test("URL annotations from another provider cannot become Anthropic citations", () => {
  const dropped: Dropped[] = [];
  const block = encodeContentPart(
    {
      type: "output_text",
      text: "x",
      annotations: [{ type: "url_citation", url: "https://a", title: "a", start_index: 0, end_index: 1 }],
    },
    "input[2].content[0]",
    dropped,
  );
  assert.deepEqual(block, { type: "text", text: "x" });
  assert.equal(dropped[0]?.path, "input[2].content[0].annotations");
});
