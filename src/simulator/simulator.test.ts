/**
 * End to end: the simulator on a loopback port, driven by the official SDKs exactly as an
 * application would drive the real providers (only the base URL changed).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { type GenerateContentResponse, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { startSimulator } from "./index.ts";
import type { RunningSimulator } from "./types.ts";

let sim: RunningSimulator;
let openai: OpenAI;
let anthropic: Anthropic;
let google: GoogleGenAI;

before(async () => {
  sim = await startSimulator({ port: 0 });
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${sim.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-ant-test", baseURL: sim.url, maxRetries: 0 });
  google = new GoogleGenAI({
    apiKey: "g-test",
    httpOptions: { baseUrl: sim.url, retryOptions: { attempts: 1 } },
  });
});
after(() => sim.close());

const weather = {
  type: "object",
  properties: {
    city: { type: "string" },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    days: { type: "integer" },
  },
  required: ["city", "unit", "days"],
  additionalProperties: false,
} as const;
const time = {
  type: "object",
  properties: { zone: { type: "string" } },
  required: ["zone"],
  additionalProperties: false,
} as const;
const person = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer" },
    tags: { type: "array", items: { type: "string" } },
    address: {
      type: "object",
      properties: { street: { type: "string" }, verified: { type: "boolean" } },
      required: ["street", "verified"],
      additionalProperties: false,
    },
  },
  required: ["name", "age", "tags", "address"],
  additionalProperties: false,
} as const;
const expectedPerson = {
  name: "Paris",
  age: 1,
  tags: ["Paris"],
  address: { street: "Paris", verified: true },
};

describe("OpenAI Responses (openai SDK)", () => {
  test("text, streamed and not", async () => {
    const r = await openai.responses.create({ model: "gpt-5", input: "hello world" });
    assert.equal(r.output_text, "Echo: hello world");
    assert.equal(r.model, "gpt-5");
    assert.equal(r.usage?.input_tokens, 3);
    const s = await openai.responses.stream({ model: "gpt-5", input: "hello world" }).finalResponse();
    assert.equal(s.output_text, "Echo: hello world");
    assert.equal(s.id, r.id, "ids derive from the request");
  });

  test("tool call, parallel tool calls, tool result", async () => {
    const tools: OpenAI.Responses.Tool[] = [
      { type: "function", name: "get_weather", parameters: weather, strict: true },
      { type: "function", name: "get_time", parameters: time, strict: true },
    ];
    const one = await openai.responses.create({ model: "gpt-5", input: "Paris", tools: tools.slice(0, 1) });
    const call = one.output.find((o) => o.type === "function_call");
    assert.ok(call?.type === "function_call");
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Paris", unit: "celsius", days: 1 });

    const two = await openai.responses.stream({ model: "gpt-5", input: "Paris", tools }).finalResponse();
    assert.deepEqual(
      two.output.filter((o) => o.type === "function_call").map((o) => o.name),
      ["get_weather", "get_time"],
    );
    const serial = await openai.responses.create({
      model: "gpt-5",
      input: "Paris",
      tools,
      parallel_tool_calls: false,
    });
    assert.equal(serial.output.filter((o) => o.type === "function_call").length, 1);

    const answered = await openai.responses.create({
      model: "gpt-5",
      tools,
      input: [
        { role: "user", content: "Paris" },
        { type: "function_call", call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: "function_call_output", call_id: call.call_id, output: "sunny, 21°C" },
      ],
    });
    assert.equal(answered.output_text, "Tool result: sunny, 21°C");
  });

  test("reasoning with encrypted content, structured output, image input", async () => {
    const r = await openai.responses.create({
      model: "o4-mini",
      input: "why is the sky blue",
      reasoning: { effort: "low", summary: "auto" },
      include: ["reasoning.encrypted_content"],
    });
    const rs = r.output[0];
    assert.ok(rs?.type === "reasoning");
    assert.equal(rs.summary[0]?.text, "Thinking about: why is the sky blue");
    assert.ok(rs.encrypted_content);
    assert.ok((r.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);

    const streamed = await openai.responses
      .stream({
        model: "o4-mini",
        input: "why is the sky blue",
        reasoning: { effort: "low", summary: "auto" },
      })
      .finalResponse();
    const srs = streamed.output[0];
    assert.ok(srs?.type === "reasoning");
    assert.equal(srs.summary[0]?.text, "Thinking about: why is the sky blue");
    assert.equal(streamed.output_text, "Echo: why is the sky blue");

    const so = await openai.responses.create({
      model: "gpt-5",
      input: "Paris",
      text: { format: { type: "json_schema", name: "person", schema: person, strict: true } },
    });
    assert.deepEqual(JSON.parse(so.output_text), expectedPerson);

    const img = await openai.responses.create({
      model: "gpt-5",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "what is this" },
            { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
          ],
        },
      ],
    });
    assert.equal(img.output_text, "Echo: what is this [image]");
  });
});

describe("OpenAI Chat Completions (openai SDK)", () => {
  test("text, streamed with usage", async () => {
    const c = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi there" }],
    });
    assert.equal(c.choices[0]?.message.content, "Echo: hi there");
    const s = await openai.chat.completions
      .stream({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hi there" }],
        stream_options: { include_usage: true },
      })
      .finalChatCompletion();
    assert.equal(s.choices[0]?.message.content, "Echo: hi there");
    assert.equal(s.usage?.completion_tokens, c.usage?.completion_tokens);
  });

  test("parallel tool calls streamed, structured output", async () => {
    const s = await openai.chat.completions
      .stream({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Paris" }],
        tools: [
          { type: "function", function: { name: "get_weather", parameters: weather } },
          { type: "function", function: { name: "get_time", parameters: time } },
        ],
      })
      .finalChatCompletion();
    const calls = s.choices[0]?.message.tool_calls ?? [];
    assert.deepEqual(
      calls.map((c) => (c.type === "function" ? [c.function.name, JSON.parse(c.function.arguments)] : [])),
      [
        ["get_weather", { city: "Paris", unit: "celsius", days: 1 }],
        ["get_time", { zone: "Paris" }],
      ],
    );
    assert.equal(s.choices[0]?.finish_reason, "tool_calls");

    const so = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Paris" }],
      response_format: { type: "json_schema", json_schema: { name: "person", schema: person, strict: true } },
    });
    assert.deepEqual(JSON.parse(so.choices[0]?.message.content ?? ""), expectedPerson);
  });
});

describe("Anthropic Messages (@anthropic-ai/sdk)", () => {
  const base = { model: "claude-sonnet-4-6", max_tokens: 1024 } as const;

  test("text, create and stream().finalMessage()", async () => {
    const m = await anthropic.messages.create({ ...base, messages: [{ role: "user", content: "bonjour" }] });
    assert.deepEqual(m.content, [{ type: "text", text: "Echo: bonjour" }]);
    assert.equal(m.stop_reason, "end_turn");
    const s = await anthropic.messages
      .stream({ ...base, messages: [{ role: "user", content: "bonjour" }] })
      .finalMessage();
    assert.equal(s.content[0]?.type === "text" && s.content[0].text, "Echo: bonjour");
    assert.equal(s.usage.output_tokens, m.usage.output_tokens);
  });

  test("tool use, parallel and not, thinking with a signature", async () => {
    const tools: Anthropic.Tool[] = [
      { name: "get_weather", input_schema: { ...weather, required: [...weather.required] } },
      { name: "get_time", input_schema: { ...time, required: [...time.required] } },
    ];
    const m = await anthropic.messages
      .stream({
        ...base,
        thinking: { type: "enabled", budget_tokens: 1024 },
        tools,
        messages: [{ role: "user", content: "Paris" }],
      })
      .finalMessage();
    assert.deepEqual(
      m.content.map((b) => b.type),
      ["thinking", "tool_use", "tool_use"],
    );
    const thinking = m.content[0];
    assert.ok(thinking?.type === "thinking");
    assert.equal(thinking.thinking, "Thinking about: Paris");
    assert.ok(thinking.signature.length > 0);
    assert.equal(m.stop_reason, "tool_use");
    const use = m.content[1];
    assert.ok(use?.type === "tool_use");
    assert.deepEqual(use.input, { city: "Paris", unit: "celsius", days: 1 });

    const single = await anthropic.messages.create({
      ...base,
      tools,
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      messages: [{ role: "user", content: "Paris" }],
    });
    assert.equal(single.content.filter((b) => b.type === "tool_use").length, 1);

    const result = await anthropic.messages.create({
      ...base,
      tools,
      messages: [
        { role: "user", content: "Paris" },
        { role: "assistant", content: [use] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "rainy" }] },
      ],
    });
    assert.deepEqual(result.content, [{ type: "text", text: "Tool result: rainy" }]);
  });

  test("count_tokens agrees with usage", async () => {
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "count these words please" }];
    const counted = await anthropic.messages.countTokens({ model: base.model, messages });
    const m = await anthropic.messages.create({ ...base, messages });
    assert.equal(counted.input_tokens, m.usage.input_tokens);
  });
});

describe("Gemini (@google/genai)", () => {
  test("text, generateContent and generateContentStream", async () => {
    const r = await google.models.generateContent({ model: "gemini-2.5-flash", contents: "hallo" });
    assert.equal(r.text, "Echo: hallo");
    assert.equal(r.usageMetadata?.promptTokenCount, 2);
    let text = "";
    let last: GenerateContentResponse | undefined;
    for await (const chunk of await google.models.generateContentStream({
      model: "gemini-2.5-flash",
      contents: "hallo",
    })) {
      text += chunk.text ?? "";
      last = chunk;
    }
    assert.equal(text, "Echo: hallo");
    assert.equal(last?.candidates?.[0]?.finishReason, "STOP");
  });

  test("parallel function calls, thoughts, structured output", async () => {
    const r = await google.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "Paris",
      config: {
        tools: [
          {
            functionDeclarations: [
              { name: "get_weather", parametersJsonSchema: weather },
              { name: "get_time", parametersJsonSchema: time },
            ],
          },
        ],
        thinkingConfig: { thinkingBudget: 512, includeThoughts: true },
      },
    });
    assert.deepEqual(
      r.functionCalls?.map((c) => [c.name, c.args]),
      [
        ["get_weather", { city: "Paris", unit: "celsius", days: 1 }],
        ["get_time", { zone: "Paris" }],
      ],
    );
    const thought = r.candidates?.[0]?.content?.parts?.find((p) => p.thought === true);
    assert.equal(thought?.text, "Thinking about: Paris");
    assert.ok(thought?.thoughtSignature);
    assert.ok((r.usageMetadata?.thoughtsTokenCount ?? 0) > 0);

    const calls: Array<[string | undefined, unknown]> = [];
    let thoughtStreamed = "";
    for await (const chunk of await google.models.generateContentStream({
      model: "gemini-2.5-flash",
      contents: "Paris",
      config: {
        tools: [{ functionDeclarations: [{ name: "get_time", parametersJsonSchema: time }] }],
        thinkingConfig: { thinkingBudget: 512, includeThoughts: true },
      },
    })) {
      for (const c of chunk.functionCalls ?? []) calls.push([c.name, c.args]);
      for (const p of chunk.candidates?.[0]?.content?.parts ?? [])
        if (p.thought) thoughtStreamed += p.text ?? "";
    }
    assert.deepEqual(calls, [["get_time", { zone: "Paris" }]]);
    assert.equal(thoughtStreamed, "Thinking about: Paris");

    const so = await google.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "Paris",
      config: { responseMimeType: "application/json", responseJsonSchema: person },
    });
    assert.deepEqual(JSON.parse(so.text ?? ""), expectedPerson);
  });
});
