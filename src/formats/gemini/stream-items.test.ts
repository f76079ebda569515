import assert from "node:assert/strict";
import { test } from "node:test";
import { EventSink, StreamItems } from "./stream-items.ts";

function machine() {
  const sink = new EventSink();
  const items = new StreamItems(sink);
  items.responseId = "r";
  return { sink, items };
}

test("events are numbered in order across pushes; closing nothing emits nothing", () => {
  const { sink, items } = machine();
  items.close();
  assert.equal(sink.out.length, 0);
  items.part({ text: "a" });
  const first = sink.out;
  sink.out = [];
  items.close();
  assert.deepEqual(
    [...first, ...sink.out].map((e) => e.sequence_number),
    [0, 1, 2, 3, 4, 5],
  );
});

test("a streamed call ends at any other part, with what its pieces said", () => {
  const { sink, items } = machine();
  items.part({ functionCall: { name: "f", willContinue: true } });
  items.part({ functionCall: { partialArgs: [{ jsonPath: "$.a", boolValue: true }], willContinue: true } });
  items.part({ text: "after" });
  items.close();
  const done = sink.out.flatMap((e) => (e.type === "response.output_item.done" ? [e.item] : []));
  assert.deepEqual(done[0], {
    type: "function_call",
    call_id: "call_r_0_f",
    name: "f",
    arguments: '{"a":true}',
    id: "fc_r_0",
    status: "completed",
  });
  assert.equal(done[1]?.type, "message");
  assert.equal(items.hasCalls, true);
});

test("an empty unsigned text part neither opens nor closes a message", () => {
  const { sink, items } = machine();
  items.part({ text: "" });
  assert.equal(sink.out.length, 0);
  items.part({ text: "a" });
  items.part({ text: "" });
  items.part({ text: "b" });
  items.close();
  const deltas = sink.out.filter((e) => e.type === "response.output_text.delta");
  assert.equal(deltas.length, 2);
  assert.equal(sink.out.filter((e) => e.type === "response.output_item.added").length, 1);
});

test("a thought that carries more than text is kept whole", () => {
  const { sink, items } = machine();
  const part = { thought: true, inlineData: { mimeType: "image/png", data: "AA==" } };
  items.part(part);
  const done = sink.out.find((e) => e.type === "response.output_item.done");
  assert.ok(done?.type === "response.output_item.done");
  assert.deepEqual(done.item, {
    type: "message",
    id: "op_r_0",
    role: "assistant",
    status: "completed",
    content: [],
    interop: { gemini: { raw: { item: part } } },
  });
});
