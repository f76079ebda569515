import assert from "node:assert/strict";
import { test } from "node:test";
import { FORMATS } from "../formats/registry.ts";
import type { IRRequest } from "../ir/request.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { answer, countInputTokens, lastUserText, requestHash, wantsReasoning } from "./answer.ts";

const ALL: FormatId[] = ["openai-responses", "openai-chat", "anthropic-messages", "gemini"];

const weather = {
  type: "function" as const,
  name: "get_weather",
  strict: true,
  parameters: {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer" }, metric: { type: "boolean" } },
    required: ["city", "days", "metric"],
  },
};
const time = {
  type: "function" as const,
  name: "get_time",
  strict: true,
  parameters: {
    type: "object",
    properties: { zone: { type: "string", enum: ["UTC", "CET"] } },
    required: ["zone"],
  },
};

function textOf(res: ReturnType<typeof answer>): string {
  const msg = res.output.find((o) => o.type === "message");
  return msg?.type === "message" && msg.content[0]?.type === "output_text" ? msg.content[0].text : "";
}

test("echo of the last user text, with usage ≈ chars / 4 and end_turn", () => {
  const req: IRRequest = {
    model: "m",
    input: [
      { role: "user", content: "first" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "hello world" },
    ],
  };
  const res = answer(req, { format: "openai-responses" });
  assert.equal(textOf(res), "Echo: hello world");
  assert.equal(res.stop_reason?.kind, "end_turn");
  assert.equal(res.status, "completed");
  assert.equal(res.model, "m");
  assert.deepEqual(res.usage, { input_tokens: 5, output_tokens: 5, total_tokens: 10 }); // 18 chars in, 17 out
  assert.equal(res.created_at, undefined, "pure: no clock unless given");
});

test("images, files and audio are noted in the echo", () => {
  const req: IRRequest = {
    input: [
      {
        role: "user",
        content: [
          { type: "input_text", text: "look" },
          { type: "input_image", image_url: "data:image/png;base64,AA==", detail: "auto" },
          { type: "input_file", file_data: "data:application/pdf;base64,AA==", filename: "a.pdf" },
        ],
      },
    ],
  };
  assert.equal(textOf(answer(req, { format: "openai-chat" })), "Echo: look [image] [file]");
});

test("deterministic: same request, same answer and ids; streaming does not change them", () => {
  const req: IRRequest = { model: "m", input: "x" };
  assert.deepEqual(answer(req, { format: "gemini" }), answer({ ...req }, { format: "gemini" }));
  assert.equal(requestHash(req), requestHash({ ...req, stream: true }));
  assert.notEqual(requestHash(req), requestHash({ ...req, input: "y" }));
});

test("ids in each provider's shape", () => {
  const req: IRRequest = { model: "m", input: "x", tools: [weather] };
  const ids = Object.fromEntries(
    ALL.map((f) => {
      const r = answer(req, { format: f });
      const call = r.output[0];
      return [f, [r.id, call?.type === "function_call" ? call.call_id : ""]];
    }),
  );
  assert.match(ids["openai-responses"]![0]!, /^resp_[0-9a-f]{24}$/);
  assert.match(ids["openai-chat"]![0]!, /^chatcmpl-/);
  assert.match(ids["anthropic-messages"]![0]!, /^msg_/);
  assert.match(ids["anthropic-messages"]![1]!, /^toolu_/);
  assert.match(
    ids.gemini![1]!,
    /^call_[0-9a-f]{24}_0_get_weather$/,
    "a derived id Gemini's encoder leaves out",
  );
});

test("tools: first function called with arguments from its schema; two when parallel", () => {
  const one = answer({ input: "Paris", tools: [weather] }, { format: "openai-responses" });
  assert.equal(one.stop_reason?.kind, "tool_use");
  assert.deepEqual(
    one.output.map((o) => (o.type === "function_call" ? [o.name, JSON.parse(o.arguments)] : o.type)),
    [["get_weather", { city: "Paris", days: 1, metric: true }]],
  );
  const two = answer({ input: "Paris", tools: [weather, time] }, { format: "openai-responses" });
  assert.deepEqual(
    two.output.map((o) => (o.type === "function_call" ? [o.name, JSON.parse(o.arguments)] : o.type)),
    [
      ["get_weather", { city: "Paris", days: 1, metric: true }],
      ["get_time", { zone: "UTC" }],
    ],
  );
  const serial = answer(
    { input: "x", tools: [weather, time], parallel_tool_calls: false },
    { format: "openai-chat" },
  );
  assert.equal(serial.output.length, 1);
});

test("tool_choice: none answers in text, a named function is the one called, hosted tools are ignored", () => {
  assert.equal(
    textOf(answer({ input: "x", tools: [weather], tool_choice: "none" }, { format: "gemini" })),
    "Echo: x",
  );
  const named = answer(
    { input: "x", tools: [weather, time], tool_choice: { type: "function", name: "get_time" } },
    { format: "openai-chat" },
  );
  assert.deepEqual(
    named.output.map((o) => (o.type === "function_call" ? o.name : o.type)),
    ["get_time"],
  );
  const hosted = answer({ input: "x", tools: [{ type: "web_search" }] }, { format: "openai-responses" });
  assert.equal(textOf(hosted), "Echo: x");
});

test("after tool results: `Tool result: <output>` (several results on their own lines)", () => {
  const req: IRRequest = {
    tools: [weather],
    input: [
      { role: "user", content: "x" },
      { type: "function_call", call_id: "c1", name: "get_weather", arguments: "{}" },
      { type: "function_call", call_id: "c2", name: "get_weather", arguments: "{}" },
      { type: "function_call_output", call_id: "c1", output: "sunny" },
      { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "rain" }] },
    ],
  };
  const res = answer(req, { format: "anthropic-messages" });
  assert.equal(textOf(res), "Tool result: sunny\nrain");
  assert.equal(res.stop_reason?.kind, "end_turn");
});

test("reasoning first, with opaque state only where the format carries it", () => {
  const req: IRRequest = { input: "why", reasoning: { effort: "low" } };
  const item = (f: FormatId, r: IRRequest = req) => {
    const res = answer(r, { format: f });
    assert.equal(res.output[0]?.type, "reasoning");
    assert.ok((res.usage?.reasoning_tokens ?? 0) > 0);
    return res.output[0] as Extract<(typeof res.output)[number], { type: "reasoning" }>;
  };
  assert.equal(item("openai-chat").summary[0]?.text, "Thinking about: why");
  assert.equal(item("openai-chat").encrypted_content, undefined);
  assert.equal(item("openai-responses").encrypted_content, undefined, "only when `include` asks");
  assert.ok(item("openai-responses", { ...req, include: ["reasoning.encrypted_content"] }).encrypted_content);
  const a = item("anthropic-messages");
  assert.ok(a.encrypted_content);
  assert.equal(a.interop?.anthropic?.origin, true);
  const g = item("gemini");
  assert.ok(g.interop?.gemini?.thoughtSignature);
  assert.equal(g.encrypted_content, undefined);
});

test("wantsReasoning: an effort other than none, or a non-zero budget", () => {
  assert.equal(wantsReasoning({}), false);
  assert.equal(wantsReasoning({ reasoning: { effort: "none" } }), false);
  assert.equal(wantsReasoning({ reasoning: { effort: "minimal" } }), true);
  assert.equal(wantsReasoning({ reasoning: { budget_tokens: 0, effort: "minimal" } }), false);
  assert.equal(wantsReasoning({ reasoning: { budget_tokens: 1024 } }), true);
  assert.equal(wantsReasoning({ reasoning: { budget_tokens: -1 } }), true, "Gemini dynamic thinking");
});

test("structured output: JSON from the schema, or a json_object", () => {
  const schema = { type: "object", properties: { answer: { type: "string" }, n: { type: "integer" } } };
  const so = answer(
    { input: "q", text: { format: { type: "json_schema", name: "s", schema, strict: false } } },
    { format: "openai-responses" },
  );
  assert.deepEqual(JSON.parse(textOf(so)), { answer: "q", n: 1 });
  const obj = answer({ input: "q", text: { format: { type: "json_object" } } }, { format: "openai-chat" });
  assert.deepEqual(JSON.parse(textOf(obj)), { text: "q" });
});

test("countInputTokens counts instructions, items and tool definitions", () => {
  assert.equal(countInputTokens({ input: "" }), 1, "never 0");
  assert.equal(countInputTokens({ instructions: "12345678", input: "1234" }), 3);
  assert.ok(countInputTokens({ input: "x", tools: [weather] }) > 10);
});

test("lastUserText skips assistant turns and tool items", () => {
  assert.equal(
    lastUserText([
      { role: "user", content: "a" },
      { type: "function_call_output", call_id: "c", output: "o" },
      { role: "assistant", content: "b" },
    ]),
    "a",
  );
  assert.equal(lastUserText([]), "");
});

test("every answer encodes cleanly in every format, streamed or not", async () => {
  const { replayAsStream } = await import("../ir/replay.ts");
  const reqs: IRRequest[] = [
    { model: "m", input: "hi" },
    { model: "m", input: "hi", tools: [weather, time], reasoning: { effort: "high" } },
    { model: "m", input: "hi", text: { format: { type: "json_object" } } },
  ];
  for (const f of ALL) {
    for (const req of reqs) {
      const res = answer(req, { format: f, created: 1 });
      const { value } = FORMATS[f].encodeResponse(res, { request: req });
      assert.ok(value);
      const back = FORMATS[f].decodeResponse(value).value;
      assert.equal(back.stop_reason?.kind, res.stop_reason?.kind, `${f} stop reason`);
      const enc = FORMATS[f].streamEncoder({ request: req });
      let wire = "";
      for (const ev of replayAsStream(res)) wire += enc.push(ev);
      wire += enc.end();
      assert.doesNotMatch(wire, /"error":\{|event: error|response\.failed/, `${f} stream has no error event`);
    }
  }
});
