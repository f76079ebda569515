import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { decodePart, encodePart, PART_TYPES } from "./content.ts";

function roundTrip(part: unknown): unknown {
  const dropped: Dropped[] = [];
  const out = encodePart(decodePart(part, "p", PART_TYPES.user), "p", dropped, false);
  assert.deepEqual(dropped, []);
  return out;
}

test("text, images (URL and base64, with or without detail), files and audio round-trip", () => {
  const parts = [
    { type: "text", text: "hi" },
    { type: "text", text: "cached", prompt_cache_breakpoint: { mode: "explicit" } },
    { type: "image_url", image_url: { url: "https://example.com/a.jpg" } },
    { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "auto" } },
    { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
    { type: "file", file: { file_data: "data:application/pdf;base64,JVBER", filename: "a.pdf" } },
    { type: "file", file: { file_id: "file-123" } },
    { type: "input_audio", input_audio: { data: "UklGR", format: "wav" } },
    { type: "text", text: "x", vendor_extra: 1 },
  ];
  for (const p of parts) assert.deepEqual(roundTrip(p), p);
});

test("decoded parts take the shared IR shapes", () => {
  assert.deepEqual(
    decodePart({ type: "image_url", image_url: { url: "https://x/y.png" } }, "p", PART_TYPES.user),
    {
      type: "input_image",
      image_url: "https://x/y.png",
      detail: "auto",
      interop: { chat: { raw: { $absent: ["detail"] } } },
    },
  );
  assert.deepEqual(
    decodePart(
      { type: "file", file: { file_data: "data:application/pdf;base64,QQ", filename: "f.pdf" } },
      "p",
      PART_TYPES.user,
    ),
    { type: "input_file", file_data: "data:application/pdf;base64,QQ", filename: "f.pdf" },
  );
  assert.deepEqual(
    decodePart({ type: "input_audio", input_audio: { data: "QQ", format: "mp3" } }, "p", PART_TYPES.user),
    {
      type: "input_audio",
      input_audio: { data: "QQ", format: "mp3" },
    },
  );
});

test("validation errors name the path and what was expected", () => {
  const cases: Array<[unknown, string]> = [
    [{ type: "video", url: "x" }, "m[1].content[0].type"],
    [{ type: "text" }, "m[1].content[0].text"],
    [{ type: "image_url", image_url: "https://x" }, "m[1].content[0].image_url"],
    [{ type: "image_url", image_url: { detail: "low" } }, "m[1].content[0].image_url.url"],
    [{ type: "input_audio", input_audio: { data: "x" } }, "m[1].content[0].input_audio.format"],
    [{ type: "file", file: { file_id: 3 } }, "m[1].content[0].file.file_id"],
    ["text", "m[1].content[0]"],
  ];
  for (const [part, param] of cases) {
    assert.throws(
      () => decodePart(part, "m[1].content[0]", PART_TYPES.user),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
      param,
    );
  }
  assert.throws(
    () => decodePart({ type: "image_url", image_url: { url: "x" } }, "m[0].content[0]", PART_TYPES.system),
    /m\[0\]\.content\[0\]\.type: expected one of "text"/,
  );
});

test("what Chat cannot carry is reported, not sent", () => {
  const dropped: Dropped[] = [];
  assert.equal(
    encodePart(
      { type: "input_image", file_id: "file-1", detail: "auto" },
      "input[0].content[0]",
      dropped,
      false,
    ),
    undefined,
  );
  assert.equal(
    encodePart({ type: "input_file", file_url: "https://x/doc.pdf" }, "input[0].content[1]", dropped, false),
    undefined,
  );
  assert.equal(
    encodePart(
      { type: "input_image", image_url: "https://x", detail: "low" },
      "input[1].content[0]",
      dropped,
      true,
    ),
    undefined,
  );
  assert.deepEqual(
    encodePart(
      { type: "input_text", text: "t", interop: { anthropic: { cache_control: { type: "ephemeral" } } } },
      "input[2].content[0]",
      dropped,
      true,
    ),
    { type: "text", text: "t" },
  );
  assert.deepEqual(
    dropped.map((d) => d.path),
    [
      "input[0].content[0]",
      "input[0].content[1].file_url",
      "input[1].content[0]",
      "input[2].content[0].interop.anthropic.cache_control",
    ],
  );
});

test("an explicit detail from another format is written as is", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(
    encodePart({ type: "input_image", image_url: "https://x", detail: "auto" }, "p", dropped, false),
    {
      type: "image_url",
      image_url: { url: "https://x", detail: "auto" },
    },
  );
});
