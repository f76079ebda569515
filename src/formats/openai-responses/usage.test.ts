import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeUsage, encodeUsage } from "./usage.ts";

test("ResponseUsage maps one to one onto the IR", () => {
  const native = {
    input_tokens: 2087,
    input_tokens_details: { cached_tokens: 2048, cache_write_tokens: 12 },
    output_tokens: 124,
    output_tokens_details: { reasoning_tokens: 64 },
    total_tokens: 2211,
  };
  const d = decodeUsage(native);
  assert.deepEqual(d?.usage, {
    input_tokens: 2087,
    output_tokens: 124,
    cached_input_tokens: 2048,
    cache_write_tokens: 12,
    reasoning_tokens: 64,
    total_tokens: 2211,
  });
  assert.equal(d?.extra, undefined);
  assert.deepEqual(encodeUsage(d?.usage ?? {}), native);
});

test("a count the recording lacks is unknown, not zero", () => {
  const d = decodeUsage({
    input_tokens: 5,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 1,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 6,
  });
  assert.equal(d?.usage.cache_write_tokens, undefined);
  assert.equal(d?.usage.cached_input_tokens, 0);
});

test("unknown counts are written as 0 (the wire requires numbers); total is input + output", () => {
  assert.deepEqual(encodeUsage({ input_tokens: 10, output_tokens: 3 }), {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: 3,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 13,
  });
  assert.equal(encodeUsage({}).total_tokens, 0);
});

test("native details with no IR slot survive as extra", () => {
  const native = {
    input_tokens: 100,
    input_tokens_details: {
      cached_tokens: 0,
      cache_write_tokens: 50,
      cache_write_tokens_details: { ttl_30m_tokens: 50, ttl_12h_tokens: 0 },
    },
    output_tokens: 1,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 101,
  };
  const d = decodeUsage(native);
  assert.deepEqual(d?.extra, {
    input_tokens_details: { cache_write_tokens_details: { ttl_30m_tokens: 50, ttl_12h_tokens: 0 } },
  });
  assert.deepEqual(encodeUsage(d?.usage ?? {}, d?.extra), native);
});

test("no usage object decodes to undefined", () => {
  assert.equal(decodeUsage(null), undefined);
  assert.equal(decodeUsage(undefined), undefined);
});
