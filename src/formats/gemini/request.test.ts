import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRRequest } from "../../ir/request.ts";
import { decodeRequest, encodeRequest } from "./request.ts";

test("model and streaming come from the URL context; the body carries none", () => {
  const ir = decodeRequest(
    { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
    {
      model: "gemini-2.5-flash",
      stream: true,
    },
  ).value;
  assert.equal(ir.model, "gemini-2.5-flash");
  assert.equal(ir.stream, true);
  const body = encodeRequest(ir).value;
  assert.deepEqual(body, { contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig: {} });
});

test("generationConfig maps to IR sampling fields and back; the rest stays raw", () => {
  const body = {
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
    generationConfig: {
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      candidateCount: 2,
      maxOutputTokens: 256,
      stopSequences: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseModalities: ["TEXT"],
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
    },
    safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
    cachedContent: "cachedContents/abc",
  };
  const ir = decodeRequest(body, { model: "gemini-2.5-pro" }).value;
  assert.equal(ir.temperature, 0.3);
  assert.equal(ir.top_p, 0.9);
  assert.equal(ir.top_k, 40);
  assert.equal(ir.n, 2);
  assert.equal(ir.max_output_tokens, 256);
  assert.deepEqual(ir.stop, ["END"]);
  assert.equal(ir.seed, 7);
  assert.equal(ir.presence_penalty, 0.1);
  assert.equal(ir.frequency_penalty, 0.2);
  assert.deepEqual(ir.reasoning, { summary: "auto", budget_tokens: 1024, effort: "low" });
  assert.deepEqual(ir.interop?.gemini?.raw, {
    safetySettings: body.safetySettings,
    cachedContent: "cachedContents/abc",
    generationConfig: { responseModalities: ["TEXT"] },
  });
  const back = encodeRequest(ir);
  assert.deepEqual(back.value, body);
  assert.deepEqual(back.dropped, []);
});

test("structured output: JSON schema, OpenAPI schema, plain JSON and text", () => {
  const jsonSchema = { type: "object", properties: { city: { type: "string" } }, title: "CityLocation" };
  const a = decodeRequest({
    contents: [],
    generationConfig: { responseMimeType: "application/json", responseJsonSchema: jsonSchema },
  }).value;
  assert.deepEqual(a.text, { format: { type: "json_schema", name: "CityLocation", schema: jsonSchema } });
  const b = decodeRequest({
    contents: [],
    generationConfig: { response_mime_type: "application/json", response_schema: { type: "OBJECT" } },
  }).value;
  assert.deepEqual(b.text?.format, {
    type: "json_schema",
    name: "response",
    schema: { type: "object" },
    interop: { gemini: { raw: { responseSchema: { type: "OBJECT" } } } },
  });
  assert.deepEqual(encodeRequest(b).value.generationConfig, {
    responseMimeType: "application/json",
    responseSchema: { type: "OBJECT" },
  });
  const c = decodeRequest({ contents: [], generationConfig: { responseMimeType: "application/json" } }).value;
  assert.deepEqual(c.text, { format: { type: "json_object" } });
  const enumMime = { responseMimeType: "text/x.enum", responseSchema: { type: "STRING", enum: ["a"] } };
  const d = decodeRequest({ contents: [], generationConfig: enumMime }).value;
  assert.equal(d.text, undefined);
  assert.deepEqual(encodeRequest(d).value.generationConfig, enumMime);
});

test("a request from elsewhere: what Gemini cannot carry is reported by path", () => {
  const req: IRRequest = {
    model: "gemini-3-flash-preview",
    input: "hi",
    user: "u-1",
    metadata: { a: "b" },
    parallel_tool_calls: false,
    store: true,
    previous_response_id: "resp_1",
    text: {
      format: { type: "json_schema", name: "Weather", schema: { type: "object" }, strict: true },
      verbosity: "low",
    },
    reasoning: { effort: "low" },
    service_tier: "auto",
    interop: { anthropic: { raw: { container: "c1" } } },
  };
  const out = encodeRequest(req);
  assert.deepEqual(out.value, {
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
    generationConfig: {
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object" },
      thinkingConfig: { thinkingLevel: "low" },
    },
  });
  assert.deepEqual(out.dropped.map((d) => d.path).sort(), [
    "interop.anthropic.raw.container",
    "metadata",
    "parallel_tool_calls",
    "previous_response_id",
    "store",
    "text.format.name",
    "text.verbosity",
    "user",
  ]);
});

test("malformed bodies are 400s naming the path", () => {
  const cases: Array<[unknown, string]> = [
    ["nope", ""],
    [{}, "contents"],
    [{ contents: [], generationConfig: { temperature: "hot" } }, "generationConfig.temperature"],
    [{ contents: [], generation_config: { max_output_tokens: 1.5 } }, "generation_config.max_output_tokens"],
    [{ contents: [], generationConfig: { stopSequences: ["a", 1] } }, "generationConfig.stopSequences[1]"],
    [
      { contents: [], generationConfig: { thinkingConfig: { includeThoughts: "yes" } } },
      "generationConfig.thinkingConfig.includeThoughts",
    ],
    [{ contents: [], toolConfig: "auto" }, "toolConfig"],
    [{ contents: [], systemInstruction: { parts: [{}] } }, "systemInstruction.parts[0]"],
    [{ contents: [], tools: {} }, "tools"],
  ];
  for (const [body, param] of cases) {
    assert.throws(
      () => decodeRequest(body),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
      param,
    );
  }
});
