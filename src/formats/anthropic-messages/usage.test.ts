import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeResponseServiceTier, decodeUsage, encodeUsage } from "./usage.ts";

test("input is the sum of uncached input, cache reads and cache writes", () => {
  assert.deepEqual(
    decodeUsage({
      input_tokens: 10,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 1000,
      output_tokens: 50,
      output_tokens_details: { thinking_tokens: 20 },
    }),
    {
      input_tokens: 1110,
      output_tokens: 50,
      cached_input_tokens: 100,
      cache_write_tokens: 1000,
      reasoning_tokens: 20,
    },
  );
});

test("unreported counts stay undefined (null is not zero)", () => {
  assert.deepEqual(decodeUsage({ input_tokens: 5, output_tokens: 1, cache_read_input_tokens: null }), {
    input_tokens: 5,
    output_tokens: 1,
  });
  assert.deepEqual(decodeUsage({}), {});
});

test("the native usage object goes back verbatim while the counts match", () => {
  const native = {
    input_tokens: 3,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 7,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 9,
    service_tier: "standard",
    server_tool_use: { web_search_requests: 1 },
  };
  const ir = decodeUsage(native);
  assert.equal(encodeUsage(ir, native), native);
  // Changed counts: rebuilt from the IR.
  assert.deepEqual(encodeUsage({ ...ir, output_tokens: 10 }, native), {
    input_tokens: 3,
    output_tokens: 10,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 7,
  });
});

test("IR usage from elsewhere splits cache reads back out of input", () => {
  assert.deepEqual(
    encodeUsage(
      { input_tokens: 120, cached_input_tokens: 100, output_tokens: 30, reasoning_tokens: 12 },
      undefined,
      "default",
    ),
    {
      input_tokens: 20,
      output_tokens: 30,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: 100,
      output_tokens_details: { thinking_tokens: 12 },
      service_tier: "standard",
    },
  );
  assert.deepEqual(encodeUsage(undefined, undefined), {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
  });
});

test("service tiers read the OpenAI way", () => {
  assert.equal(decodeResponseServiceTier("standard"), "default");
  assert.equal(decodeResponseServiceTier("priority"), "priority");
  assert.equal(decodeResponseServiceTier("batch"), "batch");
  assert.equal(decodeResponseServiceTier(null), undefined);
});
