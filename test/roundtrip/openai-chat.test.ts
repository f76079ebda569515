/**
 * Replays every recorded Chat Completions body: decode → IR → encode (same format) must give
 * the original back, nothing may be reported dropped (same format loses nothing), and the
 * encodes must validate against the official OpenAPI document. The same IR with every
 * `interop` stripped (what a foreign format's IR looks like) must still encode to a valid
 * body.
 *
 * Normalisation applied to the original before comparing (none of it is hit by the current
 * recordings; each is a representation choice with identical meaning to OpenAI):
 * - request top-level fields set to `null` whose IR slot cannot hold null, or that Chat does
 *   not allow to be null (`seed`, `stop`, `n`, `user`, penalties, `stream`, `stream_options`,
 *   `logprobs`, `max_tokens`, tool fields, `parallel_tool_calls`, `prompt_cache_options`,
 *   `response_format`, `web_search_options`) are omitted: OpenAI reads null as absent;
 * - a single `stop` string becomes a one-element array (the IR holds a list);
 * - `logprobs: false` is omitted (the default);
 * - a `json_schema` response format without `schema` gets `schema: {}` (the IR requires one).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openaiChat } from "../../src/formats/openai-chat/index.ts";
import { isObject, type JsonObject } from "../../src/formats/validate.ts";
import { SwitchyardError } from "../../src/ir/error.ts";
import { validateOpenAI } from "../support/openapi.ts";
import { errorFixtures, requestFixtures, responseFixtures } from "../support/wire.ts";

const NULLABLE_IN_IR = new Set([
  "temperature",
  "top_p",
  "metadata",
  "service_tier",
  "store",
  "top_logprobs",
  "prompt_cache_key",
  "prompt_cache_retention",
  "safety_identifier",
  "moderation",
  "max_completion_tokens",
  "reasoning_effort",
  "verbosity",
  // Kept raw verbatim.
  "audio",
  "modalities",
  "logit_bias",
  "prediction",
]);

function normaliseRequest(body: unknown): unknown {
  if (!isObject(body)) return body;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === null && !NULLABLE_IN_IR.has(k) && k !== "model" && k !== "messages") continue;
    out[k] = v;
  }
  if (typeof out.stop === "string") out.stop = [out.stop];
  if (out.logprobs === false) delete out.logprobs;
  const rf = out.response_format;
  if (
    isObject(rf) &&
    rf.type === "json_schema" &&
    isObject(rf.json_schema) &&
    rf.json_schema.schema === undefined
  ) {
    out.response_format = { ...rf, json_schema: { ...rf.json_schema, schema: {} } };
  }
  return out;
}

/** The IR as another format would hand it over: no Chat residue anywhere. */
function stripInterop(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripInterop);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (k !== "interop") out[k] = stripInterop(x);
  return out;
}

/** Bodies recorded from servers newer than the OpenAPI snapshot may use fields it lacks. */
function schemaErrors(name: string, value: unknown): string[] {
  return validateOpenAI(name, value);
}

describe("openai-chat requests round-trip", () => {
  const fixtures = requestFixtures("openai-chat");
  test("there are recorded requests", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const ir = openaiChat.decodeRequest(fx.body);
      assert.deepEqual(ir.dropped, []);
      const enc = openaiChat.encodeRequest(ir.value);
      assert.deepEqual(enc.dropped, [], "same-format encode reports no losses");
      assert.deepEqual(enc.value, normaliseRequest(fx.body));
      const nativeErrors = schemaErrors("CreateChatCompletionRequest", fx.body);
      assert.deepEqual(schemaErrors("CreateChatCompletionRequest", enc.value), nativeErrors);

      const foreign = openaiChat.encodeRequest(stripInterop(ir.value) as typeof ir.value);
      assert.deepEqual(foreign.dropped, []);
      assert.deepEqual(schemaErrors("CreateChatCompletionRequest", foreign.value), []);
    });
  }
});

describe("openai-chat responses round-trip", () => {
  const fixtures = responseFixtures("openai-chat");
  test("there are recorded responses", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const ir = openaiChat.decodeResponse(fx.body);
      assert.deepEqual(ir.dropped, []);
      const enc = openaiChat.encodeResponse(ir.value);
      assert.deepEqual(enc.dropped, [], "same-format encode reports no losses");
      assert.deepEqual(enc.value, fx.body);
      const nativeErrors = schemaErrors("CreateChatCompletionResponse", fx.body);
      assert.deepEqual(schemaErrors("CreateChatCompletionResponse", enc.value), nativeErrors);

      const foreign = openaiChat.encodeResponse(stripInterop(ir.value) as typeof ir.value);
      assert.deepEqual(foreign.dropped, []);
      assert.deepEqual(schemaErrors("CreateChatCompletionResponse", foreign.value), []);
    });
  }
});

describe("openai-chat errors round-trip", () => {
  const fixtures = errorFixtures("openai-chat");
  test("there are recorded errors", () => assert.ok(fixtures.length > 0));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const err = openaiChat.decodeError(fx.status, fx.body);
      assert.equal(err.status, fx.status);
      const enc = openaiChat.encodeError(err);
      assert.equal(enc.status, fx.status);
      assert.deepEqual(enc.body, fx.body);
      assert.deepEqual(schemaErrors("ErrorResponse", enc.body), []);
      const e = (fx.body as { error: JsonObject }).error;
      assert.equal(err.message, e.message);
      assert.equal(err.param, e.param ?? undefined);
      assert.equal(err.code, e.code ?? undefined);

      // Rebuilt from the typed error alone (as when it came from another format).
      const rebuilt = openaiChat.encodeError(
        new SwitchyardError({
          kind: err.kind,
          message: err.message,
          status: err.status,
          ...(err.code === undefined ? {} : { code: err.code }),
          ...(err.param === undefined ? {} : { param: err.param }),
        }),
      );
      assert.equal(rebuilt.status, fx.status);
      assert.deepEqual(schemaErrors("ErrorResponse", rebuilt.body), []);
      assert.equal((rebuilt.body.error as JsonObject).message, e.message);
    });
  }
});
