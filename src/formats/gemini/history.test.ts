import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRInputItem } from "../../ir/request.ts";
import { decodeContents, decodeSystemInstruction, encodeContents } from "./history.ts";
import { SKIP_SIGNATURE } from "./reasoning.ts";

function roundTrip(contents: unknown[], model = "gemini-2.5-flash"): IRInputItem[] {
  const items = decodeContents(contents, "contents");
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeContents(undefined, items, model, dropped).contents, contents);
  assert.deepEqual(dropped, []);
  return items;
}

test("calls without ids get derived call ids, and results pair with them by name in order", () => {
  const items = roundTrip([
    { role: "user", parts: [{ text: "Two jokes" }] },
    {
      role: "model",
      parts: [
        { functionCall: { name: "topic", args: {} } },
        { functionCall: { name: "topic", args: { n: 2 } } },
      ],
    },
    {
      role: "user",
      parts: [
        { functionResponse: { name: "topic", response: { output: "cars" } } },
        { functionResponse: { name: "topic", response: { output: "cats" } } },
      ],
    },
  ]);
  assert.deepEqual(
    items.map((i) => (i.type === "function_call" || i.type === "function_call_output" ? i.call_id : i.type)),
    ["message", "call_0_topic", "call_1_topic", "call_0_topic", "call_1_topic"],
  );
});

test("native ids are used as they are; an unmatched result keeps its name", () => {
  const items = roundTrip([
    { role: "model", parts: [{ functionCall: { name: "div", args: {} } }] },
    { role: "user", parts: [{ functionResponse: { id: "id", name: "div", response: { result: 51 } } }] },
  ]);
  assert.deepEqual(items[1], {
    type: "function_call_output",
    call_id: "id",
    output: '{"result":51}',
    interop: { gemini: { raw: { functionResponse: { name: "div" } } } },
  });
});

test("turn grouping the default rule would change is noted and kept", () => {
  roundTrip([
    {
      role: "user",
      parts: [{ text: "see" }, { functionResponse: { name: "f", response: { output: "x" } } }],
    },
    {
      role: "user",
      parts: [{ functionResponse: { name: "f", response: { output: "y" } } }, { text: "and" }],
    },
    { role: "user", parts: [{ text: "a" }, { text: "b" }] },
    { role: "user", parts: [{ text: "c" }] },
    { role: "model", parts: [{ text: "one" }] },
    { role: "model", parts: [{ text: "two", thought: true }, { text: "three" }] },
    { role: "model", parts: [] },
    { role: "user", parts: [{ executableCode: { code: "1+1" } }, { text: "d" }], extra: 1 },
    { parts: [{ text: "no role" }] },
  ]);
});

test("thought parts, signatures and opaque parts of a model turn survive in place", () => {
  const items = roundTrip(
    [
      { role: "user", parts: [{ text: "hi" }] },
      {
        role: "model",
        parts: [
          { text: "plan", thought: true },
          { text: "Hello", thoughtSignature: "c2ln" },
          { text: " world" },
          { executableCode: { language: "PYTHON", code: "print(1)" }, thoughtSignature: "eA==" },
          { functionCall: { name: "f", args: { a: 1 } }, thoughtSignature: "Zg==" },
        ],
      },
    ],
    "gemini-3-pro-preview",
  );
  assert.deepEqual(items[1], { type: "reasoning", summary: [{ type: "summary_text", text: "plan" }] });
  assert.deepEqual(items[2], {
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: "Hello", annotations: [] }],
    interop: { gemini: { thoughtSignature: "c2ln" } },
  });
  assert.equal(
    (items[5] as { interop?: { gemini?: { thoughtSignature?: string } } }).interop?.gemini?.thoughtSignature,
    "Zg==",
  );
});

test("history from elsewhere: Gemini 3 gets the dummy signature on each turn's first call, 2.5 does not", () => {
  const items: IRInputItem[] = [
    { role: "user", content: "weather?" },
    { type: "function_call", call_id: "toolu_1", name: "w", arguments: '{"c":"P"}' },
    { type: "function_call", call_id: "toolu_2", name: "w", arguments: '{"c":"L"}' },
    { type: "function_call_output", call_id: "toolu_1", output: "sun" },
    { type: "function_call_output", call_id: "toolu_2", output: "rain", interop: { is_error: true } },
  ];
  const g3 = encodeContents(undefined, items, "gemini-3-flash-preview", []).contents;
  assert.deepEqual(g3, [
    { role: "user", parts: [{ text: "weather?" }] },
    {
      role: "model",
      parts: [
        { functionCall: { name: "w", args: { c: "P" }, id: "toolu_1" }, thoughtSignature: SKIP_SIGNATURE },
        { functionCall: { name: "w", args: { c: "L" }, id: "toolu_2" } },
      ],
    },
    {
      role: "user",
      parts: [
        { functionResponse: { name: "w", id: "toolu_1", response: { output: "sun" } } },
        { functionResponse: { name: "w", id: "toolu_2", response: { error: "rain" } } },
      ],
    },
  ]);
  const g25 = encodeContents(undefined, items, "gemini-2.5-flash", []).contents;
  assert.equal(g25[1]!.parts![0]!.thoughtSignature, undefined);
});

test("opaque reasoning of another provider is dropped and reported; its text goes as a thought", () => {
  const dropped: Dropped[] = [];
  const items: IRInputItem[] = [
    { role: "user", content: "q" },
    {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "hmm" }],
      encrypted_content: "EqQBCkgIAR",
      interop: { anthropic: { origin: true } },
    },
    {
      type: "reasoning",
      id: "rs_2",
      summary: [],
      encrypted_content: "redacted",
      interop: { anthropic: { origin: true, redacted: true } },
    },
    {
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "A", annotations: [] }],
      id: "msg_1",
      status: "completed",
    },
  ];
  assert.deepEqual(encodeContents(undefined, items, "gemini-2.5-pro", dropped).contents, [
    { role: "user", parts: [{ text: "q" }] },
    { role: "model", parts: [{ text: "hmm", thought: true }, { text: "A" }] },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[1].encrypted_content", "input[2].encrypted_content"],
  );
});

test("instructions and system/developer messages (string or parts) gather into systemInstruction", () => {
  const dropped: Dropped[] = [];
  const out = encodeContents(
    "Be brief.",
    [
      { role: "system", content: "Rule one." },
      {
        type: "message",
        role: "developer",
        content: [{ type: "input_text", text: "Rule two." }],
      },
      {
        role: "user",
        content: [
          {
            type: "input_text",
            text: "hi",
            interop: { anthropic: { cache_control: { type: "ephemeral" } } },
          },
        ],
      } as unknown as IRInputItem,
    ],
    undefined,
    dropped,
  );
  assert.deepEqual(out.systemInstruction, {
    parts: [{ text: "Be brief." }, { text: "Rule one." }, { text: "Rule two." }],
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[2].content[0].interop.anthropic.cache_control"],
  );
  const si = decodeSystemInstruction(
    { role: "user", parts: [{ text: "You are a chatbot." }] },
    "systemInstruction",
  );
  assert.deepEqual(si, {
    type: "message",
    role: "system",
    content: [{ type: "input_text", text: "You are a chatbot." }],
    interop: { gemini: { raw: { role: "user" } } },
  });
  assert.deepEqual(encodeContents(undefined, [si], undefined, []).systemInstruction, {
    role: "user",
    parts: [{ text: "You are a chatbot." }],
  });
});

test("items Gemini has no place for are reported", () => {
  const dropped: Dropped[] = [];
  encodeContents(
    undefined,
    [
      { type: "item_reference", id: "msg_1" },
      { type: "web_search_call", id: "ws", status: "completed", action: { type: "search", query: "q" } },
      {
        type: "message",
        id: "x",
        role: "assistant",
        status: "completed",
        content: [],
        interop: { anthropic: { raw: { item: { type: "container_upload" } } } },
      } as IRInputItem,
    ],
    undefined,
    dropped,
  );
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0]", "input[1]", "input[2]"],
  );
});

test("malformed contents name the offending path", () => {
  const cases: Array<[unknown, string]> = [
    [{}, "contents"],
    [[{ role: "assistant", parts: [] }], "contents[0].role"],
    [[{ role: "user", parts: "hi" }], "contents[0].parts"],
    [[{ role: "user", parts: [{ text: "a" }, 3] }], "contents[0].parts[1]"],
    [[{ role: "model", parts: [{ functionCall: { args: {} } }] }], "contents[0].parts[0].functionCall.name"],
    [
      [{ role: "user", parts: [{ function_response: { response: {} } }] }],
      "contents[0].parts[0].function_response.name",
    ],
  ];
  for (const [value, param] of cases) {
    assert.throws(
      () => decodeContents(value, "contents"),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
      param,
    );
  }
  assert.throws(
    () => decodeSystemInstruction({ parts: [{ functionCall: { name: "x" } }] }, "systemInstruction"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "systemInstruction.parts[0]",
  );
});
