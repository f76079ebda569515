import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeUsage, encodeUsage } from "./usage.ts";

test("Chat usage maps onto IR counts with cache and reasoning tokens", () => {
  const native = {
    prompt_tokens: 4020,
    completion_tokens: 87,
    total_tokens: 4107,
    prompt_tokens_details: { audio_tokens: 0, cache_write_tokens: 8, cached_tokens: 4012 },
    completion_tokens_details: {
      accepted_prediction_tokens: 0,
      audio_tokens: 0,
      reasoning_tokens: 64,
      rejected_prediction_tokens: 0,
    },
  };
  const { usage, residue } = decodeUsage(native);
  assert.deepEqual(usage, {
    input_tokens: 4020,
    output_tokens: 87,
    total_tokens: 4107,
    cached_input_tokens: 4012,
    cache_write_tokens: 8,
    reasoning_tokens: 64,
  });
  assert.deepEqual(residue, {
    prompt_tokens_details: { audio_tokens: 0 },
    completion_tokens_details: {
      accepted_prediction_tokens: 0,
      audio_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  });
  assert.deepEqual(encodeUsage(usage, residue), native);
});

test("absent details stay absent and unknown counts stay undefined", () => {
  const { usage, residue } = decodeUsage({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  assert.equal(usage.cached_input_tokens, undefined);
  assert.equal(usage.reasoning_tokens, undefined);
  assert.equal(residue, undefined);
  assert.deepEqual(encodeUsage(usage, undefined), {
    prompt_tokens: 5,
    completion_tokens: 2,
    total_tokens: 7,
  });
});

test("a details object with only unmapped keys keeps its presence", () => {
  const native = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, completion_tokens_details: {} };
  const { usage, residue } = decodeUsage(native);
  assert.deepEqual(encodeUsage(usage, residue), native);
});

test("IR usage from another format: totals derived, cache writes written where Chat has a slot", () => {
  assert.deepEqual(
    encodeUsage(
      { input_tokens: 100, output_tokens: 30, cache_write_tokens: 40, reasoning_tokens: 10 },
      undefined,
    ),
    {
      prompt_tokens: 100,
      completion_tokens: 30,
      total_tokens: 130,
      prompt_tokens_details: { cache_write_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 10 },
    },
  );
  // The schema requires the three counts; unknown ones are written as 0 only there.
  assert.deepEqual(encodeUsage({ output_tokens: 3 }, undefined), {
    prompt_tokens: 0,
    completion_tokens: 3,
    total_tokens: 3,
  });
});
