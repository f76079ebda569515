import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { APIError } from "openai";
import { openaiSdkChatStream } from "../../../test/support/sdk-stream.ts";
import type { ResponseOutputText } from "../../ir/openai-types.ts";
import type { IRRequest } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import type { JsonObject } from "../validate.ts";
import type { StreamEncodeContext } from "../wire-format.ts";
import { ChatStreamEncoder } from "./stream-encoder.ts";
import type { Unsequenced } from "./stream-items.ts";

const RES: IRResponse = {
  id: "resp_1",
  model: "m-1",
  created_at: 1700000000,
  status: "in_progress",
  output: [],
};

function numbered(events: Unsequenced[]): IRStreamEvent[] {
  return events.map((e, i) => ({ ...e, sequence_number: i }) as unknown as IRStreamEvent);
}

function encode(events: Unsequenced[], ctx: StreamEncodeContext = { includeUsage: true }): string {
  const e = new ChatStreamEncoder(ctx);
  let out = "";
  for (const ev of numbered(events)) out += e.push(ev);
  return out + e.end();
}

/** The `data:` payloads of a Chat stream, parsed (`[DONE]` kept as the string). */
function frames(text: string): Array<JsonObject | string> {
  assert.ok(text.endsWith("\n\n"), "complete SSE frames");
  return text
    .split("\n\n")
    .filter((f) => f !== "")
    .map((f) => {
      assert.ok(f.startsWith("data: ") && !f.includes("\n"), `one data line: ${f}`);
      const data = f.slice(6);
      return data === "[DONE]" ? data : (JSON.parse(data) as JsonObject);
    });
}

const deltas = (fs: Array<JsonObject | string>) =>
  fs.flatMap((f) =>
    typeof f === "string" ? [] : ((f.choices as JsonObject[] | undefined) ?? []).map((c) => c.delta),
  );

const start: Unsequenced[] = [
  { type: "response.created", response: RES },
  { type: "response.in_progress", response: RES },
];

function textItem(o: number, id: string, text: string, pieces: string[] = [text]): Unsequenced[] {
  const where = { item_id: id, output_index: o, content_index: 0 };
  const part = (t: string): ResponseOutputText => ({ type: "output_text", text: t, annotations: [] });
  return [
    {
      type: "response.output_item.added",
      output_index: o,
      item: { type: "message", id, role: "assistant", status: "in_progress", content: [] },
    },
    { type: "response.content_part.added", ...where, part: part("") },
    ...pieces.map(
      (delta): Unsequenced => ({ type: "response.output_text.delta", ...where, delta, logprobs: [] }),
    ),
    { type: "response.output_text.done", ...where, text, logprobs: [] },
    { type: "response.content_part.done", ...where, part: part(text) },
    {
      type: "response.output_item.done",
      output_index: o,
      item: { type: "message", id, role: "assistant", status: "completed", content: [part(text)] },
    },
  ];
}

function callItem(
  o: number,
  callId: string,
  name: string,
  args: string,
  pieces: string[] = [args],
): Unsequenced[] {
  const item = { type: "function_call", id: `fc_${callId}`, call_id: callId, name, arguments: "" } as const;
  return [
    { type: "response.output_item.added", output_index: o, item },
    ...pieces.map(
      (delta) =>
        ({
          type: "response.function_call_arguments.delta",
          item_id: item.id,
          output_index: o,
          delta,
        }) as const,
    ),
    { type: "response.function_call_arguments.done", item_id: item.id, output_index: o, arguments: args },
    {
      type: "response.output_item.done",
      output_index: o,
      item: { ...item, arguments: args, status: "completed" },
    },
  ];
}

const completed = (over: Partial<IRResponse> = {}): Unsequenced => ({
  type: "response.completed",
  response: {
    ...RES,
    status: "completed",
    stop_reason: { kind: "end_turn", native: { format: "openai-chat", value: "stop" } },
    usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
    ...over,
  },
});

describe("ChatStreamEncoder", () => {
  test("text: role chunk, content deltas, finish chunk, usage chunk, [DONE]", () => {
    const fs = frames(encode([...start, ...textItem(0, "m", "Hello", ["Hel", "lo"]), completed()]));
    assert.equal(fs.at(-1), "[DONE]");
    const chunks = fs.slice(0, -1) as JsonObject[];
    for (const c of chunks) {
      assert.equal(c.id, "resp_1");
      assert.equal(c.object, "chat.completion.chunk");
      assert.equal(c.created, 1700000000);
      assert.equal(c.model, "m-1");
    }
    assert.deepEqual(
      chunks.map((c) => c.choices),
      [
        [
          {
            index: 0,
            delta: { role: "assistant", content: "", refusal: null },
            logprobs: null,
            finish_reason: null,
          },
        ],
        [{ index: 0, delta: { content: "Hel" }, logprobs: null, finish_reason: null }],
        [{ index: 0, delta: { content: "lo" }, logprobs: null, finish_reason: null }],
        [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }],
        [],
      ],
    );
    assert.deepEqual(
      chunks.map((c) => c.usage),
      [null, null, null, null, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }],
    );
  });

  test("without include_usage: no usage chunk and no `usage: null`", () => {
    const fs = frames(encode([...start, ...textItem(0, "m", "x"), completed()], {}));
    assert.equal(fs.length, 4);
    for (const f of fs.slice(0, -1)) assert.equal((f as JsonObject).usage, undefined);
  });

  test("include_usage is read from the Chat request's stream_options", () => {
    const request = { model: "m", interop: { chat: { raw: { stream_options: { include_usage: true } } } } };
    const fs = frames(
      encode([...start, ...textItem(0, "m", "x"), completed()], { request: request as IRRequest }),
    );
    assert.deepEqual((fs.at(-2) as JsonObject).choices, []);
  });

  test("a first tool call carries the role; later calls get the next index, id and name first", () => {
    const fs = frames(
      encode([
        ...start,
        ...callItem(0, "call_a", "a", '{"x":1}', ['{"x":', "1}"]),
        ...callItem(1, "call_b", "b", "{}"),
        completed({ stop_reason: { kind: "tool_use" } }),
      ]),
    );
    assert.deepEqual(deltas(fs).slice(0, 4), [
      {
        role: "assistant",
        content: null,
        tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "a", arguments: "" } }],
        refusal: null,
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: "1}" } }] },
      { tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "b", arguments: "" } }] },
    ]);
    const finish = fs.find(
      (f) => typeof f !== "string" && (f.choices as JsonObject[])[0]?.finish_reason != null,
    );
    assert.equal(((finish as JsonObject).choices as JsonObject[])[0]?.finish_reason, "tool_calls");
  });

  test("interleaved calls (Chat IR) keep their own index", () => {
    const a = callItem(0, "ca", "a", '{"a":1}', ['{"a":', "1}"]);
    const b = callItem(1, "cb", "b", '{"b":2}', ['{"b":', "2}"]);
    const events = [
      ...start,
      a[0],
      b[0],
      a[1],
      b[1],
      a[2],
      b[2],
      a[3],
      b[3],
      a[4],
      b[4],
      completed(),
    ] as Unsequenced[];
    const tc = deltas(frames(encode(events))).flatMap(
      (d) => ((d as JsonObject).tool_calls as JsonObject[]) ?? [],
    );
    assert.deepEqual(
      tc.map((t) => [t.index, (t.function as JsonObject).arguments]),
      [
        [0, ""],
        [1, ""],
        [0, '{"a":'],
        [1, '{"b":'],
        [0, "1}"],
        [1, "2}"],
      ],
    );
  });

  test("a call given only whole (output_item.done) is sent whole", () => {
    const item = {
      type: "function_call",
      id: "fc",
      call_id: "c",
      name: "f",
      arguments: '{"q":1}',
      status: "completed",
    } as const;
    const fs = frames(
      encode([...start, { type: "response.output_item.done", output_index: 0, item }, completed()]),
    );
    assert.deepEqual((deltas(fs)[0] as JsonObject).tool_calls, [
      { index: 0, id: "c", type: "function", function: { name: "f", arguments: '{"q":1}' } },
    ]);
  });

  test(".done is authoritative: text and arguments its deltas missed are sent", () => {
    const fs = frames(
      encode([
        ...start,
        ...textItem(0, "m", "Hello world", ["Hello"]),
        ...callItem(1, "c", "f", '{"a":1}', ['{"a"']),
        completed(),
      ]),
    );
    const d = deltas(fs) as JsonObject[];
    assert.deepEqual(
      d.map((x) => x.content).filter((x) => typeof x === "string" && x !== ""),
      ["Hello", " world"],
    );
    const args = d
      .flatMap((x) => (x.tool_calls as JsonObject[]) ?? [])
      .map((t) => (t.function as JsonObject).arguments);
    assert.deepEqual(args, ["", '{"a"', ":1}"]);
  });

  test("IR from Anthropic: reasoning and its signature are dropped, nothing of interop is sent", () => {
    const reasoning = {
      type: "reasoning",
      id: "rs",
      summary: [{ type: "summary_text", text: "hmm" }],
      encrypted_content: "SIG",
      interop: { anthropic: { origin: true } },
    };
    const text = textItem(1, "msg", "Hi");
    const events: Unsequenced[] = [
      ...start,
      { type: "response.output_item.added", output_index: 0, item: { ...reasoning, summary: [] } as never },
      {
        type: "response.reasoning_summary_text.delta",
        item_id: "rs",
        output_index: 0,
        summary_index: 0,
        delta: "hmm",
      },
      { type: "response.output_item.done", output_index: 0, item: reasoning as never },
      ...text,
      completed({
        stop_reason: { kind: "end_turn", native: { format: "anthropic-messages", value: "end_turn" } },
      }),
    ];
    const out = encode(events);
    assert.ok(
      !out.includes("SIG") && !out.includes("hmm") && !out.includes("interop") && !out.includes("reasoning"),
    );
    const fs = frames(out);
    assert.deepEqual(deltas(fs).slice(0, 2), [
      { role: "assistant", content: "", refusal: null },
      { content: "Hi" },
    ]);
  });

  test("IR from Gemini: a thought signature on a call stays behind", () => {
    const events = callItem(0, "c", "f", '{"a":1}');
    (events[0] as unknown as { item: JsonObject }).item.interop = { gemini: { thoughtSignature: "TS" } };
    const out = encode([...start, ...events, completed({ stop_reason: { kind: "end_turn" } })]);
    assert.ok(!out.includes("TS") && !out.includes("gemini"));
    // Gemini's STOP with calls is a natural end: the kind decides, as in the non-streaming encoder.
    assert.ok(out.includes('"finish_reason":"stop"'));
  });

  test("text parts are joined the way the non-streaming encoder joins them", () => {
    const fs = frames(
      encode([...start, ...textItem(0, "a", "One."), ...textItem(1, "b", "Two."), completed()]),
    );
    assert.deepEqual(
      (deltas(fs) as JsonObject[]).map((d) => d.content).filter((c) => c !== undefined),
      ["", "One.", "\n\nTwo."],
    );
  });

  test("a refusal opens with OpenAI's refusal role chunk", () => {
    const where = { item_id: "m", output_index: 0, content_index: 0 };
    const fs = frames(
      encode([
        ...start,
        {
          type: "response.output_item.added",
          output_index: 0,
          item: { type: "message", id: "m", role: "assistant", status: "in_progress", content: [] },
        },
        { type: "response.content_part.added", ...where, part: { type: "refusal", refusal: "" } },
        { type: "response.refusal.delta", ...where, delta: "No." },
        { type: "response.refusal.done", ...where, refusal: "No." },
        completed(),
      ]),
    );
    assert.deepEqual(deltas(fs).slice(0, 2), [
      { role: "assistant", content: null, refusal: "" },
      { refusal: "No." },
    ]);
  });

  test("finish_reason: a Chat value is kept; other formats' kinds pick Chat's value", () => {
    const finishOf = (over: Partial<IRResponse>) => {
      const fs = frames(encode([...start, ...textItem(0, "m", "x"), completed(over)]));
      return ((fs.at(-3) as JsonObject).choices as JsonObject[])[0]?.finish_reason;
    };
    assert.equal(
      finishOf({ stop_reason: { kind: "other", native: { format: "openai-chat", value: "weird" } } }),
      "weird",
    );
    assert.equal(finishOf({ stop_reason: { kind: "max_tokens" } }), "length");
    assert.equal(finishOf({ stop_reason: { kind: "content_filter" } }), "content_filter");
    assert.equal(finishOf({ stop_reason: undefined, status: "incomplete" }), "length");
    assert.equal(finishOf({ stop_reason: undefined }), "stop");
  });

  test("annotations are sent once, as the whole list, before the finish chunk", () => {
    const ann = { type: "url_citation", start_index: 0, end_index: 2, title: "T", url: "https://x" } as const;
    const item = textItem(1, "b", "Hi");
    const events: Unsequenced[] = [
      ...start,
      ...textItem(0, "a", "Intro."),
      ...item.slice(0, 3),
      {
        type: "response.output_text.annotation.added",
        item_id: "b",
        output_index: 1,
        content_index: 0,
        annotation_index: 0,
        annotation: ann,
      },
      ...item.slice(3),
      completed(),
    ];
    const d = deltas(frames(encode(events))) as JsonObject[];
    const withAnn = d.filter((x) => x.annotations !== undefined);
    assert.deepEqual(withAnn, [
      {
        annotations: [
          {
            type: "url_citation",
            url_citation: { start_index: 8, end_index: 10, title: "T", url: "https://x" },
          },
        ],
      },
    ]);
  });

  test("an error event ends the stream with the OpenAI error object and no [DONE]", () => {
    const e = new ChatStreamEncoder({ includeUsage: true });
    let out = "";
    for (const ev of numbered([
      ...start,
      ...textItem(0, "m", "par").slice(0, 3),
      { type: "error", code: "rate_limit_exceeded", message: "Slow down", param: null },
      {
        type: "response.failed",
        response: { ...RES, status: "failed", error: { code: "rate_limit_exceeded", message: "Slow down" } },
      },
    ]))
      out += e.push(ev);
    out += e.end();
    const fs = frames(out);
    assert.deepEqual(fs.at(-1), {
      error: { message: "Slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
    });
    assert.ok(!out.includes("[DONE]"));
  });

  test("a failed response without an error event still ends in the error object", () => {
    const fs = frames(
      encode([
        ...start,
        {
          type: "response.failed",
          response: { ...RES, status: "failed", error: { code: "server_error", message: "boom" } },
        },
      ]),
    );
    assert.deepEqual(fs, [
      { error: { message: "boom", type: "server_error", param: null, code: "server_error" } },
    ]);
  });

  test("no terminal event: end() sends the error object, never [DONE]", () => {
    const fs = frames(encode([...start, ...textItem(0, "m", "cut").slice(0, 3)]));
    const err = fs.at(-1) as { error: JsonObject };
    assert.equal(err.error.code, "stream_truncated");
    assert.equal(err.error.type, "server_error");
  });

  test("other choices of an n > 1 Chat answer are played back after choice 0", () => {
    const choices = [
      {},
      {
        index: 1,
        message: { role: "assistant", content: "B", refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ];
    const fs = frames(
      encode([...start, ...textItem(0, "m", "A"), completed({ interop: { chat: { raw: { choices } } } })]),
    );
    assert.deepEqual((fs.at(-3) as JsonObject).choices, [
      {
        index: 1,
        delta: { role: "assistant", content: "B", refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ]);
  });

  test("openai-node accepts the stream: text, parallel calls, stop and usage", async () => {
    const text = encode([
      ...start,
      ...textItem(0, "m", "Calling."),
      ...callItem(1, "c1", "f", '{"a":1}', ['{"a"', ":1}"]),
      ...callItem(2, "c2", "g", "{}"),
      completed({ stop_reason: { kind: "tool_use" } }),
    ]);
    const c = await openaiSdkChatStream(text);
    const choice = c.choices[0];
    assert.equal(choice?.message.content, "Calling.");
    assert.deepEqual(
      choice?.message.tool_calls?.map((t) =>
        t.type === "function" ? [t.id, t.function.name, t.function.arguments] : [],
      ),
      [
        ["c1", "f", '{"a":1}'],
        ["c2", "g", "{}"],
      ],
    );
    assert.equal(choice?.finish_reason, "tool_calls");
    assert.equal(c.usage?.total_tokens, 7);
  });

  test("openai-node raises APIError on the in-stream error", async () => {
    const text = encode([...start, ...textItem(0, "m", "par").slice(0, 3)]);
    await assert.rejects(openaiSdkChatStream(text), (e) => e instanceof APIError);
  });
});
