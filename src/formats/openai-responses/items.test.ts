import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IRInputItem, IROutputItem } from "../../ir/request.ts";
import { seal } from "../sealed-state.ts";
import { checkItem, encodeInputItems, unsealItems } from "./items.ts";
import { encodeOutputItems } from "./output-items.ts";

const RS = "rs_68c42c90b950819c9e32c46d4f8326ca07460311b0c8d3d1";
const MSG = "msg_68c42cb1aaec819cb992bd92a8c7766007460311b0c8d3d1";
const FC = "fc_68c42d3e9e4881968b15fbb8253f58540e8bc41441c948f0";
const WS = "ws_68c42d3e9e4881968b15fbb8253f58540e8bc41441c948f0";

function rejects(fn: () => void, param: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
  );
}

function items(list: unknown[]): IRInputItem[] {
  return list as IRInputItem[];
}

test("every kind of input item validates", () => {
  const ok = [
    { role: "user", content: "hi" },
    { type: "message", role: "developer", content: [{ type: "input_text", text: "be brief" }] },
    {
      type: "message",
      role: "assistant",
      id: MSG,
      status: "completed",
      content: [{ type: "output_text", text: "x", annotations: [] }],
    },
    { type: "function_call", call_id: "call_1", name: "f", arguments: "{}", status: null },
    { type: "function_call_output", call_id: "call_1", output: [{ type: "input_text", text: "r" }] },
    { type: "custom_tool_call", call_id: "call_2", name: "g", input: "raw" },
    { type: "custom_tool_call_output", call_id: "call_2", output: "ok" },
    { type: "reasoning", id: RS, summary: [{ type: "summary_text", text: "t" }], encrypted_content: "gAAA" },
    { id: "msg_ref" },
    { type: "item_reference", id: "msg_ref" },
    { type: "compaction", id: "cmp_1", encrypted_content: "gAAA" },
    { type: "web_search_call", id: WS, status: "completed", action: { type: "search", query: "q" } },
    {
      type: "tool_search_call",
      id: "tsc_1",
      call_id: "c",
      arguments: {},
      execution: "server",
      status: "completed",
    },
  ];
  ok.forEach((item, i) => {
    checkItem(item, `input[${i}]`);
  });
});

test("item errors name the path and what was expected", () => {
  rejects(() => checkItem({ type: "message", role: "bot", content: "x" }, "input[0]"), "input[0].role");
  rejects(() => checkItem({ role: "user" }, "input[0]"), "input[0].content");
  rejects(() => checkItem({ type: "telepathy" }, "input[2]"), "input[2].type");
  rejects(() => checkItem({ content: "x" }, "input[2]"), "input[2].type");
  rejects(
    () => checkItem({ type: "function_call", call_id: "c", name: "f", arguments: {} }, "input[3]"),
    "input[3].arguments",
  );
  rejects(() => checkItem({ type: "function_call_output", output: "x" }, "input[4]"), "input[4].call_id");
  rejects(() => checkItem({ type: "function_call_output", call_id: "c" }, "input[4]"), "input[4].output");
  rejects(
    () =>
      checkItem(
        { type: "function_call_output", call_id: "c", output: [{ type: "refusal", refusal: "x" }] },
        "input[4]",
      ),
    "input[4].output[0].type",
  );
  rejects(
    () => checkItem({ role: "user", content: [{ type: "input_text", text: 1 }] }, "input[5]"),
    "input[5].content[0].text",
  );
  rejects(() => checkItem({ type: "compaction" }, "input[6]"), "input[6].encrypted_content");
  rejects(() => checkItem("hello", "input[7]"), "input[7]");
});

test("OpenAI's own items go back unchanged, nothing reported", () => {
  const own = items([
    { role: "user", content: "hi" },
    { type: "reasoning", id: RS, summary: [], encrypted_content: "gAAA" },
    {
      type: "message",
      role: "assistant",
      id: MSG,
      status: "completed",
      content: [{ type: "output_text", text: "x", annotations: [] }],
    },
    { type: "function_call", id: FC, call_id: "call_1", name: "f", arguments: "{}" },
    { type: "function_call_output", call_id: "call_1", output: "r" },
    { type: "web_search_call", id: WS, status: "completed", action: { type: "search", query: "q" } },
  ]);
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeInputItems(own, dropped), own);
  assert.deepEqual(dropped, []);
});

test("Anthropic and Gemini reasoning, foreign summaries and opaque elements are left out and reported", () => {
  const dropped: Dropped[] = [];
  const out = encodeInputItems(
    items([
      {
        type: "reasoning",
        id: "rs_a",
        summary: [{ type: "summary_text", text: "t" }],
        encrypted_content: "sig",
        interop: { anthropic: { origin: true } },
      },
      {
        type: "reasoning",
        id: "rs_b",
        summary: [],
        encrypted_content: "data",
        interop: { anthropic: { origin: true, redacted: true } },
      },
      {
        type: "reasoning",
        id: "rs_c",
        summary: [{ type: "summary_text", text: "g" }],
        interop: { gemini: { thoughtSignature: "c2ln" } },
      },
      { type: "reasoning", id: "rs_gen_0", summary: [{ type: "summary_text", text: "g" }] },
      opaqueItem("anthropic", "msg_x_4", { type: "container_upload", file_id: "f" }),
      { role: "user", content: "next" },
    ]),
    dropped,
  );
  assert.deepEqual(out, [{ role: "user", content: "next" }]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0]", "input[1]", "input[2]", "input[3]", "input[4]"],
  );
  assert.match(dropped[4]?.reason ?? "", /^anthropic element/);
});

test("an opaque item of OpenAI's own goes back as its native element", () => {
  const native = { type: "future_item", id: "fi_1" };
  assert.deepEqual(encodeInputItems(items([opaqueItem("openai", "x", native)]), []), [native]);
});

test("foreign ids are left out, provider state on items is reported, hosted items of others dropped", () => {
  const dropped: Dropped[] = [];
  const out = encodeInputItems(
    items([
      {
        type: "function_call",
        id: "toolu_01",
        call_id: "toolu_01",
        name: "f",
        arguments: "{}",
        interop: { gemini: { thoughtSignature: "c2ln" } },
      },
      { type: "function_call_output", call_id: "toolu_01", output: "failed", interop: { is_error: true } },
      {
        type: "web_search_call",
        id: "srvtoolu_01XyZ",
        status: "completed",
        action: { type: "search", query: "q" },
      },
      { type: "message", role: "user", content: [{ type: "input_image", image_url: "https://x/y.png" }] },
    ]),
    dropped,
  );
  assert.deepEqual(out, [
    { type: "function_call", call_id: "toolu_01", name: "f", arguments: "{}" },
    { type: "function_call_output", call_id: "toolu_01", output: "failed" },
    {
      type: "message",
      role: "user",
      content: [{ type: "input_image", image_url: "https://x/y.png", detail: "auto" }],
    },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0].interop.gemini.thoughtSignature", "input[1].interop.is_error", "input[2]"],
  );
});

test("another model's assistant turn goes back as text, one message per part", () => {
  const dropped: Dropped[] = [];
  const out = encodeInputItems(
    items([
      {
        type: "message",
        role: "assistant",
        id: "msg_01AbCdEf",
        status: "completed",
        content: [
          { type: "output_text", text: "According to the docs, ", annotations: [] },
          {
            type: "output_text",
            text: "it is blue",
            annotations: [{ type: "url_citation", url: "u", title: "t", start_index: 0, end_index: 2 }],
          },
          { type: "refusal", refusal: "but I won't say more." },
        ],
      },
    ]),
    dropped,
  );
  assert.deepEqual(out, [
    { type: "message", role: "assistant", content: "According to the docs, " },
    { type: "message", role: "assistant", content: "it is blue" },
    { type: "message", role: "assistant", content: "but I won't say more." },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0].content[1].annotations"],
  );
});

test("a user message of audio only is left out whole (OpenAI would reject it empty)", () => {
  const dropped: Dropped[] = [];
  const out = encodeInputItems(
    items([
      { role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] },
    ]),
    dropped,
  );
  assert.deepEqual(out, []);
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["input[0].content[0]"],
  );
});

test("sealed reasoning a client sends back opens to its origin and never reaches OpenAI", () => {
  const sent = encodeOutputItems(
    [
      {
        type: "reasoning",
        id: "rs_a",
        summary: [],
        encrypted_content: "data",
        interop: { anthropic: { origin: true, redacted: true } },
      },
      {
        type: "reasoning",
        id: "rs_g",
        summary: [{ type: "summary_text", text: "g" }],
        interop: { gemini: { thoughtSignature: "c2ln" } },
      },
    ] as unknown as IROutputItem[],
    "r",
    [],
  );
  const back = unsealItems(sent);
  assert.deepEqual(back, [
    {
      type: "reasoning",
      id: "rs_a",
      summary: [],
      encrypted_content: "data",
      interop: { anthropic: { origin: true, redacted: true } },
    },
    {
      type: "reasoning",
      id: "rs_g",
      summary: [{ type: "summary_text", text: "g" }],
      interop: { gemini: { thoughtSignature: "c2ln" } },
    },
  ]);
  const dropped: Dropped[] = [];
  // even if a caller builds the IR with the sealed value itself
  assert.deepEqual(encodeInputItems(items([...sent]), dropped), []);
  assert.equal(dropped.length, 2);
  // OpenAI state another surface sealed goes back as OpenAI's own
  const own = {
    type: "reasoning",
    id: "rs_x",
    summary: [],
    encrypted_content: seal({ origin: "openai", payload: "gAAA", id: RS }),
  };
  assert.deepEqual(encodeInputItems(items([own]), []), [
    { type: "reasoning", id: RS, summary: [], encrypted_content: "gAAA" },
  ]);
});
