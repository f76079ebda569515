/**
 * End to end, the way users run Switchyard: the official SDKs (`openai`, `@anthropic-ai/sdk`,
 * `@google/genai`) pointed at the gateway by base URL alone, and the gateway pointed at the
 * simulator. Every surface × every provider family × every scenario: text, streamed text, a
 * tool call (plain and streamed), parallel tool calls, reasoning, image input, structured
 * output, and upstream 429 / 500 arriving as the surface's own errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { type Stack, startStack } from "./stack.ts";

const MODELS = { openai: "gpt-4o-mini", anthropic: "claude-haiku-4-5", gemini: "gemini-2.5-flash" } as const;
type Family = keyof typeof MODELS;
type Surface = "responses" | "chat" | "messages" | "gemini";

/** A 1×1 PNG. */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const weather = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const time = {
  name: "get_time",
  description: "Local time in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const schema = {
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number" } },
  required: ["answer", "confidence"],
  additionalProperties: false,
};

interface Outcome {
  text: string;
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  reasoning: boolean;
}

type Scenario = "text" | "tool" | "parallel" | "reasoning" | "image" | "structured";

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.close();
});

/** Runs one scenario on one surface, streamed or not, and reads the answer the SDK's way. */
async function run(surface: Surface, model: string, scenario: Scenario, stream: boolean): Promise<Outcome> {
  const prompt = scenario === "image" ? "What is in this picture?" : "What is the weather in Paris?";
  switch (surface) {
    case "responses": {
      const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key, maxRetries: 0 });
      const content: OpenAI.Responses.ResponseInputContent[] = [{ type: "input_text", text: prompt }];
      if (scenario === "image")
        content.push({ type: "input_image", image_url: `data:image/png;base64,${PNG}`, detail: "auto" });
      const params: Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, "stream"> = {
        model,
        input: [{ role: "user", content }],
      };
      if (scenario === "tool" || scenario === "parallel") {
        params.tools = (scenario === "parallel" ? [weather, time] : [weather]).map((t) => ({
          type: "function",
          strict: false,
          ...t,
        }));
      }
      if (scenario === "reasoning") params.reasoning = { effort: "low", summary: "auto" };
      if (scenario === "structured")
        params.text = { format: { type: "json_schema", name: "answer", schema, strict: true } };
      const r = stream
        ? await client.responses.stream({ ...params, stream: true }).finalResponse()
        : await client.responses.create({ ...params, stream: false });
      return {
        text: r.output_text,
        calls: r.output.flatMap((i) =>
          i.type === "function_call" ? [{ name: i.name, args: JSON.parse(i.arguments) }] : [],
        ),
        reasoning: r.output.some((i) => i.type === "reasoning" && i.summary.some((s) => s.text.length > 0)),
      };
    }
    case "chat": {
      const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key, maxRetries: 0 });
      const content: OpenAI.Chat.ChatCompletionContentPart[] = [{ type: "text", text: prompt }];
      if (scenario === "image")
        content.push({ type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } });
      const params: Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, "stream"> = {
        model,
        messages: [{ role: "user", content }],
      };
      if (scenario === "tool" || scenario === "parallel") {
        params.tools = (scenario === "parallel" ? [weather, time] : [weather]).map((f) => ({
          type: "function",
          function: f,
        }));
      }
      if (scenario === "reasoning") params.reasoning_effort = "low";
      if (scenario === "structured")
        params.response_format = {
          type: "json_schema",
          json_schema: { name: "answer", schema, strict: true },
        };
      const c = stream
        ? await client.chat.completions
            .stream({ ...params, stream: true, stream_options: { include_usage: true } })
            .finalChatCompletion()
        : await client.chat.completions.create({ ...params, stream: false });
      const m = c.choices[0]!.message;
      return {
        text: m.content ?? "",
        calls: (m.tool_calls ?? []).flatMap((t) =>
          t.type === "function" ? [{ name: t.function.name, args: JSON.parse(t.function.arguments) }] : [],
        ),
        // Chat has no reasoning text; the reasoning tokens show it happened
        reasoning: (c.usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0,
      };
    }
    case "messages": {
      const client = new Anthropic({ baseURL: stack.url, apiKey: stack.key, maxRetries: 0 });
      const content: Anthropic.ContentBlockParam[] = [{ type: "text", text: prompt }];
      if (scenario === "image")
        content.push({ type: "image", source: { type: "base64", media_type: "image/png", data: PNG } });
      const params: Anthropic.MessageCreateParamsNonStreaming = {
        model,
        max_tokens: 2048,
        messages: [{ role: "user", content }],
      };
      if (scenario === "tool" || scenario === "parallel") {
        params.tools = (scenario === "parallel" ? [weather, time] : [weather]).map((t) => ({
          name: t.name,
          description: t.description,
          input_schema: t.parameters as Anthropic.Tool.InputSchema,
        }));
      }
      if (scenario === "reasoning") params.thinking = { type: "enabled", budget_tokens: 1024 };
      if (scenario === "structured") {
        (params as unknown as Record<string, unknown>).output_config = {
          format: { type: "json_schema", schema },
        };
      }
      const m = stream
        ? await client.messages.stream(params).finalMessage()
        : await client.messages.create(params);
      return {
        text: m.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join(""),
        calls: m.content.flatMap((b) =>
          b.type === "tool_use" ? [{ name: b.name, args: b.input as Record<string, unknown> }] : [],
        ),
        reasoning: m.content.some((b) => b.type === "thinking" && b.thinking.length > 0),
      };
    }
    case "gemini": {
      const ai = new GoogleGenAI({ apiKey: stack.key, httpOptions: { baseUrl: stack.url } });
      const parts: Array<Record<string, unknown>> = [{ text: prompt }];
      if (scenario === "image") parts.push({ inlineData: { mimeType: "image/png", data: PNG } });
      const config: Record<string, unknown> = {};
      if (scenario === "tool" || scenario === "parallel") {
        config.tools = [
          {
            functionDeclarations: (scenario === "parallel" ? [weather, time] : [weather]).map((t) => ({
              name: t.name,
              description: t.description,
              parametersJsonSchema: t.parameters,
            })),
          },
        ];
      }
      if (scenario === "reasoning") config.thinkingConfig = { includeThoughts: true, thinkingBudget: 1024 };
      if (scenario === "structured")
        Object.assign(config, { responseMimeType: "application/json", responseJsonSchema: schema });
      const req = { model, contents: [{ role: "user", parts }], config };
      const chunks = stream
        ? await collect(ai.models.generateContentStream(req))
        : [await ai.models.generateContent(req)];
      const all = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
      return {
        text: all
          .filter((p) => !p.thought && typeof p.text === "string")
          .map((p) => p.text)
          .join(""),
        calls: all.flatMap((p) =>
          p.functionCall ? [{ name: p.functionCall.name ?? "", args: p.functionCall.args ?? {} }] : [],
        ),
        reasoning: all.some((p) => p.thought === true && (p.text ?? "").length > 0),
      };
    }
    default:
      return surface satisfies never;
  }
}

async function collect<T>(p: Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of await p) out.push(x);
  return out;
}

/** The status and the error class name the SDK raised. */
async function failure(
  surface: Surface,
  model: string,
): Promise<{ status: number | undefined; name: string; retryAfter?: string | null }> {
  try {
    await run(surface, model, "text", false);
  } catch (e) {
    const err = e as {
      status?: number;
      code?: number;
      name?: string;
      constructor: { name: string };
      headers?: Headers | Record<string, string>;
    };
    const headers = err.headers;
    const retryAfter =
      headers instanceof Headers ? headers.get("retry-after") : (headers?.["retry-after"] ?? null);
    return { status: err.status ?? err.code, name: err.constructor.name, retryAfter };
  }
  assert.fail("the request should have failed");
}

const SURFACES: Surface[] = ["responses", "chat", "messages", "gemini"];
const FAMILIES: Family[] = ["openai", "anthropic", "gemini"];

for (const surface of SURFACES) {
  for (const family of FAMILIES) {
    const model = MODELS[family];
    describe(`${surface} surface → ${family} (${model})`, () => {
      for (const stream of [false, true]) {
        const s = stream ? "streamed " : "";
        test(`${s}text`, async () => {
          const o = await run(surface, model, "text", stream);
          assert.match(o.text, /Paris/);
        });
        test(`${s}tool call`, async () => {
          const o = await run(surface, model, "tool", stream);
          assert.equal(o.calls.length, 1);
          assert.equal(o.calls[0]!.name, "get_weather");
          assert.equal(typeof o.calls[0]!.args.city, "string");
        });
      }
      test("parallel tool calls", async () => {
        const o = await run(surface, model, "parallel", true);
        assert.deepEqual(o.calls.map((c) => c.name).sort(), ["get_time", "get_weather"]);
      });
      test("reasoning", async () => {
        const o = await run(surface, model, "reasoning", false);
        assert.ok(o.reasoning, "reasoning reaches the client in its surface's form");
        assert.match(o.text, /Paris/);
      });
      test("image input", async () => {
        const o = await run(surface, model, "image", false);
        assert.match(o.text, /\[image\]/);
      });
      test("structured output", async () => {
        const o = await run(surface, model, "structured", false);
        const value = JSON.parse(o.text) as { answer: unknown; confidence: unknown };
        assert.equal(typeof value.answer, "string");
        assert.equal(typeof value.confidence, "number");
      });
      test("upstream 429 arrives as the surface's rate-limit error, retry-after kept", async () => {
        const f = await failure(surface, `${model}~error=429~retry=7`);
        assert.equal(f.status, 429);
        if (surface !== "gemini") assert.equal(f.retryAfter, "7");
      });
      test("upstream 500 arrives as the surface's server error", async () => {
        const f = await failure(surface, `${model}~error=500`);
        assert.equal(f.status, 500);
      });
    });
  }
}

test("the usage of every answer reaches /metrics", async () => {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  for (const provider of ["openai", "anthropic", "gemini"]) {
    assert.match(
      text,
      new RegExp(
        `^switchyard_tokens_total\\{surface="[a-z-]+",provider="${provider}",type="output"\\} [1-9]`,
        "m",
      ),
    );
  }
});
