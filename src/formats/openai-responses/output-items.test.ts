import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IROutputItem } from "../../ir/request.ts";
import { seal } from "../sealed-state.ts";
import { encodeOutputItems } from "./output-items.ts";

test("output items: required fields filled, interop never leaves, foreign reasoning sealed", () => {
  const dropped: Dropped[] = [];
  const out = encodeOutputItems(
    [
      {
        type: "reasoning",
        id: "rs_1_0",
        summary: [{ type: "summary_text", text: "t" }],
        encrypted_content: "sig",
        interop: { anthropic: { origin: true } },
      },
      {
        type: "message",
        role: "assistant",
        content: [
          { type: "output_text", text: "hi", interop: { anthropic: { citations: [{ type: "x" }] } } },
        ],
      },
      opaqueItem("anthropic", "item_1_2", { type: "container_upload" }),
      {
        type: "function_call",
        call_id: "c1",
        name: "f",
        arguments: "{}",
        interop: { gemini: { thoughtSignature: "c2ln" } },
      },
    ] as unknown as IROutputItem[],
    "msg_1",
    dropped,
  );
  assert.deepEqual(out, [
    {
      type: "reasoning",
      id: "rs_1_0",
      summary: [{ type: "summary_text", text: "t" }],
      encrypted_content: seal({ origin: "anthropic", payload: "sig" }),
    },
    {
      type: "message",
      id: "msg_msg_1_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "hi", annotations: [], logprobs: [] }],
    },
    { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
  ]);
  assert.deepEqual(
    dropped.map((d) => d.path),
    [
      "output[1].content[0].interop.anthropic.citations",
      "output[2]",
      "output[3].interop.gemini.thoughtSignature",
    ],
  );
});

test("search and citation URLs are made valid URIs; nothing else changes", () => {
  const [ws, msg] = encodeOutputItems(
    [
      {
        type: "web_search_call",
        id: "ws_1",
        status: "completed",
        action: {
          type: "search",
          query: "q",
          sources: [{ type: "url", url: "https://g.co/search?q=San Francisco, CA" }],
        },
      },
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        status: "completed",
        content: [
          {
            type: "output_text",
            text: "x",
            annotations: [
              { type: "url_citation", url: "https://a.b/ü?x=1%20", title: "t", start_index: 0, end_index: 1 },
            ],
          },
        ],
      },
    ] as unknown as IROutputItem[],
    "r",
    [],
  );
  assert.deepEqual((ws as { action: unknown }).action, {
    type: "search",
    query: "q",
    sources: [{ type: "url", url: "https://g.co/search?q=San%20Francisco,%20CA" }],
  });
  const part = (msg as { content: Array<{ annotations: Array<{ url: string }> }> }).content[0];
  assert.equal(part?.annotations[0]?.url, "https://a.b/%C3%BC?x=1%20");
});
