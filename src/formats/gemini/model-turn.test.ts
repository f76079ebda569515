import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { decodeModelParts, encodeModelItem, type ModelSideItem } from "./model-turn.ts";

const ids = {
  item: (prefix: string, i: number) => `${prefix}_r_${i}`,
  callId: (name: string) => `call_r_0_${name}`,
};

test("a signature on a text part closes the message there and goes back on that part", () => {
  const parts = [{ text: "a" }, { text: "b", thoughtSignature: "s1" }, { text: "c" }];
  const turn = decodeModelParts(parts, "p", ids, false);
  assert.equal(turn.items.length, 2);
  const back = turn.items.flatMap((item) =>
    encodeModelItem(item as unknown as ModelSideItem, "o", [], "response"),
  );
  assert.deepEqual(back, parts);
  assert.deepEqual([...turn.textAt.keys()], [0, 1, 2]);
});

test("a thought with more than text and signature stays whole instead of showing as text", () => {
  const part = { text: "secret plan", thought: true, partMetadata: { k: 1 } };
  const turn = decodeModelParts([part], "p", ids, false);
  assert.equal(turn.items[0]?.type, "message");
  assert.deepEqual(turn.items[0] && "content" in turn.items[0] ? turn.items[0].content : undefined, []);
  assert.deepEqual(encodeModelItem(turn.items[0] as unknown as ModelSideItem, "o", [], "response"), [part]);
});

test("reasoning from elsewhere: summaries (or raw reasoning text) become thought parts", () => {
  const dropped: Dropped[] = [];
  assert.deepEqual(
    encodeModelItem(
      { type: "reasoning", id: "rs", summary: [], content: [{ type: "reasoning_text", text: "step" }] },
      "output[0]",
      dropped,
      "request",
    ),
    [{ text: "step", thought: true }],
  );
  assert.deepEqual(
    encodeModelItem(
      { type: "reasoning", id: "rs", summary: [], interop: { gemini: { thoughtSignature: "s" } } },
      "o",
      [],
      "request",
    ),
    [{ thought: true, thoughtSignature: "s" }],
  );
  assert.deepEqual(dropped, []);
});

test("elements of other providers are reported, not sent", () => {
  const dropped: Dropped[] = [];
  const opaque = {
    type: "message",
    id: "x",
    role: "assistant",
    status: "completed",
    content: [],
    interop: { anthropic: { raw: { item: { type: "server_tool_use" } } } },
  };
  assert.deepEqual(encodeModelItem(opaque, "output[3]", dropped, "response"), []);
  assert.deepEqual(
    encodeModelItem({ type: "image_generation_call", id: "ig" }, "output[4]", dropped, "response"),
    [],
  );
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["output[3]", "output[4]"],
  );
});

test("another family's reasoning shown to a Gemini client is sealed in the signature and opens back", () => {
  const claude: ModelSideItem = {
    type: "reasoning",
    id: "rs_1",
    summary: [{ type: "summary_text", text: "Let me look." }],
    encrypted_content: "EqQBCkgIAR",
    interop: { anthropic: { origin: true } },
  };
  const redacted: ModelSideItem = {
    type: "reasoning",
    id: "rs_2",
    summary: [],
    encrypted_content: "opaque",
    interop: { anthropic: { origin: true, redacted: true } },
  };
  const openai: ModelSideItem = { type: "reasoning", id: "rs_0abc", summary: [], encrypted_content: "gAAAA" };
  const dropped: Dropped[] = [];
  const parts = [claude, redacted, openai].flatMap((i) => encodeModelItem(i, "output", dropped, "response"));
  assert.deepEqual(dropped, []);
  assert.equal(parts[0]?.text, "Let me look.");
  assert.ok(parts.every((p) => p.thought === true && p.thoughtSignature?.startsWith("swy1.")));
  const back = decodeModelParts(parts, "contents[1].parts", { callId: (n) => n }, true).items;
  assert.deepEqual(back, [{ ...claude, id: "" }, { ...redacted, id: "" }, openai]);
  // towards Google the sealed state is dropped, never sent
  const toGoogle: Dropped[] = [];
  assert.deepEqual(encodeModelItem(back[0] as unknown as ModelSideItem, "input[1]", toGoogle, "request"), [
    { text: "Let me look.", thought: true },
  ]);
  assert.deepEqual(
    toGoogle.map((d) => d.path),
    ["input[1].encrypted_content"],
  );
});
