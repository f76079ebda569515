/**
 * Every recorded Gemini request, answer and error: decode → IR → encode (Gemini) gives the
 * recorded body back, and a same-format trip drops nothing.
 *
 * Normalisation applied to the recorded body before comparing (and why):
 * 1. snake_case proto field names (`function_call`, `thought_signature`, `file_data`,
 *    `mime_type`, `response_schema`, `include_thoughts`, …) are compared in lowerCamelCase:
 *    proto3 JSON parsers accept both spellings and treat them alike; the encoder writes the
 *    JSON names. Free-form values (call args, tool results, schemas, raw built-in tools) are
 *    left as they are.
 * 2. a missing `generationConfig` is compared as `{}`: the encoder always writes one, as the
 *    official SDKs do, and an empty one sets nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gemini } from "../../src/formats/gemini/index.ts";
import { errorFixtures, requestFixtures, responseFixtures } from "../support/wire.ts";

const RENAMES: Readonly<Record<string, string>> = {
  function_call: "functionCall",
  function_response: "functionResponse",
  file_data: "fileData",
  inline_data: "inlineData",
  thought_signature: "thoughtSignature",
  mime_type: "mimeType",
  file_uri: "fileUri",
  display_name: "displayName",
  response_mime_type: "responseMimeType",
  response_schema: "responseSchema",
  response_json_schema: "responseJsonSchema",
  include_thoughts: "includeThoughts",
  thinking_budget: "thinkingBudget",
  thinking_level: "thinkingLevel",
  parameters_json_schema: "parametersJsonSchema",
  function_declarations: "functionDeclarations",
  function_calling_config: "functionCallingConfig",
  allowed_function_names: "allowedFunctionNames",
  system_instruction: "systemInstruction",
  generation_config: "generationConfig",
  tool_config: "toolConfig",
};

/** Values that are data, not Gemini structure: never renamed inside. */
const FREE_FORM = new Set([
  "args",
  "response",
  "parameters",
  "parametersJsonSchema",
  "responseSchema",
  "responseJsonSchema",
  "partialArgs",
  "fileSearch",
  "safetySettings",
]);

function camelCaseFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelCaseFields);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = RENAMES[k] ?? k;
    out[key] = FREE_FORM.has(key) ? x : camelCaseFields(x);
  }
  return out;
}

function normaliseRequest(body: unknown): unknown {
  const b = camelCaseFields(body) as Record<string, unknown>;
  b.generationConfig ??= {};
  return b;
}

describe("gemini requests round-trip", () => {
  for (const fx of requestFixtures("gemini")) {
    test(fx.name, () => {
      const ctx = { ...(fx.model === undefined ? {} : { model: fx.model }), stream: fx.stream ?? false };
      const ir = gemini.decodeRequest(fx.body, ctx);
      assert.deepEqual(ir.dropped, []);
      assert.equal(ir.value.model, fx.model);
      const back = gemini.encodeRequest(ir.value);
      assert.deepEqual(back.dropped, []);
      assert.deepEqual(back.value, normaliseRequest(fx.body));
    });
  }
});

describe("gemini answers round-trip", () => {
  for (const fx of responseFixtures("gemini")) {
    test(fx.name, () => {
      const ir = gemini.decodeResponse(fx.body);
      assert.deepEqual(ir.dropped, []);
      const back = gemini.encodeResponse(ir.value);
      assert.deepEqual(back.dropped, []);
      assert.deepEqual(back.value, fx.body);
    });
  }
});

describe("gemini errors round-trip", () => {
  for (const fx of errorFixtures("gemini")) {
    test(`${fx.name} (${fx.status})`, () => {
      const err = gemini.decodeError(fx.status, fx.body);
      assert.equal(err.status, fx.status);
      const back = gemini.encodeError(err);
      assert.equal(back.status, fx.status);
      assert.deepEqual(back.body, fx.body);
    });
  }
});
