import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  ChatMessage,
  conversationFromJSON,
  conversationToJSON,
  loadConversation,
  saveConversation,
} from "./chat-message.ts";

const reasoning = new ChatMessage(
  {
    type: "reasoning",
    id: "rs_1",
    summary: [{ type: "summary_text", text: "Thinking" }],
    encrypted_content: "sig",
    interop: { anthropic: { origin: true } },
  },
  {
    createdBy: "anthropic/claude-haiku-4-5",
    metadata: { label: "x", n: 1, nested: { ok: true } },
    providerKwargs: { top_k: 3 },
    originalResponse: { id: "msg_1", model: "claude-haiku-4-5", status: "completed", output: [] },
  },
);

test("helpers build Responses input items; createdBy defaults to user", () => {
  const u = ChatMessage.user("hi");
  assert.deepEqual(u.message, { type: "message", role: "user", content: "hi" });
  assert.equal(u.createdBy, "user");
  assert.equal(u.role, "user");
  assert.equal(u.text, "hi");
  assert.match(u.id, /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(u.timestamp)));
  assert.equal(ChatMessage.system("s").role, "system");
  assert.equal(ChatMessage.developer("d").role, "developer");
  assert.equal(ChatMessage.assistant("a").role, "assistant");
  assert.deepEqual(ChatMessage.functionCallOutput("call_1", "42").message, {
    type: "function_call_output",
    call_id: "call_1",
    output: "42",
  });
  assert.equal(ChatMessage.functionCallOutput("c", "42").text, "42");
});

test("interop is the item's own, and text reads reasoning summaries", () => {
  assert.deepEqual(reasoning.interop, { anthropic: { origin: true } });
  assert.equal(reasoning.text, "Thinking");
  assert.equal(ChatMessage.user("x").interop, undefined);
});

test("toJSON / fromJSON round-trip losslessly (object and text)", () => {
  const back = ChatMessage.fromJSON(reasoning.toJSON());
  assert.deepEqual(back, reasoning);
  assert.equal(JSON.stringify(back), JSON.stringify(reasoning));
  const fromText = ChatMessage.fromJSON(JSON.stringify(reasoning));
  assert.deepEqual(fromText, reasoning);
  assert.ok(fromText instanceof ChatMessage);
});

test("the message is copied: later changes to the caller's object do not leak in", () => {
  const item = { type: "message" as const, role: "user" as const, content: "a" };
  const m = new ChatMessage(item);
  item.content = "b";
  assert.equal(m.text, "a");
});

test("undefined members are dropped so that saved and loaded messages are deep-equal", () => {
  const m = new ChatMessage({ type: "message", role: "user", content: "a", status: undefined } as never);
  assert.deepEqual(ChatMessage.fromJSON(JSON.parse(JSON.stringify(m))), m);
});

test("a conversation saved to a file and loaded back is identical", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sy-chat-"));
  try {
    const conv = [
      ChatMessage.system("be brief"),
      ChatMessage.user("hello"),
      reasoning,
      ChatMessage.assistant("hi"),
    ];
    const path = join(dir, "conv.json");
    await saveConversation(path, conv);
    const loaded = await loadConversation(path);
    assert.deepEqual(loaded, conv);
    assert.equal(conversationToJSON(loaded), await readFile(path, "utf8"));
    assert.deepEqual(conversationFromJSON(conversationToJSON(conv)), conv);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("fromJSON refuses what is not a saved message", () => {
  assert.throws(() => ChatMessage.fromJSON({} as never), /not a saved ChatMessage/);
  assert.throws(() => conversationFromJSON("{}"), /JSON array/);
});
