import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import {
  ASSISTANT_PARTS,
  checkContent,
  checkPart,
  checkToolOutput,
  encodeParts,
  INPUT_PARTS,
} from "./content.ts";

function rejects(fn: () => void, param: string, expected?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SwitchyardError);
    assert.equal(e.kind, "invalid_request");
    assert.equal(e.param, param);
    if (expected !== undefined) assert.match(e.message, expected);
    return true;
  });
}

test("valid parts of every type pass", () => {
  const parts = [
    { type: "input_text", text: "hi" },
    { type: "input_image", image_url: "https://x/y.png", detail: "high" },
    { type: "input_image", image_url: "data:image/png;base64,AAAA" },
    { type: "input_image", file_id: "file_1", image_url: null, detail: "original" },
    { type: "input_file", file_data: "data:application/pdf;base64,AAAA", filename: "a.pdf" },
    { type: "input_file", file_url: "https://x/a.pdf" },
    { type: "input_file", file_id: "file_2" },
    { type: "input_audio", input_audio: { data: "AAAA", format: "wav" } },
  ];
  checkContent(parts, "user", "input[0].content");
  checkContent("plain", "user", "input[0].content");
  checkContent(
    [
      {
        type: "output_text",
        text: "a",
        annotations: [{ type: "url_citation", url: "u", title: "t", start_index: 0, end_index: 1 }],
      },
      { type: "refusal", refusal: "no" },
    ],
    "assistant",
    "input[1].content",
  );
  checkToolOutput(
    [
      { type: "input_text", text: "r" },
      { type: "input_image", image_url: "https://x" },
    ],
    "input[2].output",
  );
});

test("part errors name the path and what was expected", () => {
  rejects(
    () => checkContent([{ type: "output_text", text: "x" }], "user", "input[0].content"),
    "input[0].content[0].type",
    /"input_text"/,
  );
  rejects(
    () => checkContent([{ type: "input_image", image_url: "u" }], "assistant", "input[1].content"),
    "input[1].content[0].type",
  );
  rejects(() => checkPart({ type: "input_text" }, INPUT_PARTS, "p"), "p.text", /a string, got nothing/);
  rejects(() => checkPart({ type: "input_image" }, INPUT_PARTS, "p"), "p", /image_url/);
  rejects(
    () => checkPart({ type: "input_image", image_url: "u", detail: "ultra" }, INPUT_PARTS, "p"),
    "p.detail",
  );
  rejects(() => checkPart({ type: "input_file", filename: "a.pdf" }, INPUT_PARTS, "p"), "p", /file_data/);
  rejects(
    () => checkPart({ type: "input_audio", input_audio: { data: "x", format: "ogg" } }, INPUT_PARTS, "p"),
    "p.input_audio.format",
  );
  rejects(() => checkPart({ type: "refusal" }, ASSISTANT_PARTS, "p"), "p.refusal");
  rejects(
    () => checkPart({ type: "output_text", text: "x", annotations: [3] }, ASSISTANT_PARTS, "p"),
    "p.annotations[0]",
  );
  rejects(() => checkPart("text", INPUT_PARTS, "p"), "p", /an object/);
  rejects(() => checkContent(42, "user", "input[0].content"), "input[0].content", /an array/);
  rejects(
    () => checkToolOutput([{ type: "input_audio", input_audio: { data: "x", format: "wav" } }], "o"),
    "o[0].type",
  );
});

test("encoding strips interop (reporting foreign state) and leaves audio out", () => {
  const dropped: Dropped[] = [];
  const out = encodeParts(
    [
      {
        type: "input_text",
        text: "cached",
        interop: { anthropic: { cache_control: { type: "ephemeral" as const } } },
      },
      { type: "input_audio", input_audio: { data: "AAAA", format: "mp3" } },
      { type: "input_text", text: "plain" },
    ],
    "input[0].content",
    dropped,
  );
  assert.deepEqual(out, [
    { type: "input_text", text: "cached" },
    { type: "input_text", text: "plain" },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0].content[0].interop.anthropic.cache_control", "input[0].content[1]"],
  );
});
