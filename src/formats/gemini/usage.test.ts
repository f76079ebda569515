import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { decodeUsage, encodeUsage } from "./usage.ts";

test("thoughts join output, cached content stays inside input, tool-use prompt joins input", () => {
  const native = {
    promptTokenCount: 17713,
    cachedContentTokenCount: 17379,
    candidatesTokenCount: 68,
    thoughtsTokenCount: 821,
    toolUsePromptTokenCount: 119,
    totalTokenCount: 18721,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: 16 }],
    serviceTier: "standard",
  };
  const d = decodeUsage(native);
  assert.deepEqual(d.usage, {
    input_tokens: 17713 + 119,
    output_tokens: 68 + 821,
    cached_input_tokens: 17379,
    reasoning_tokens: 821,
    total_tokens: 18721,
  });
  assert.equal(d.serviceTier, "standard");
  assert.deepEqual(d.raw, {
    toolUsePromptTokenCount: 119,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: 16 }],
  });
  const dropped: Dropped[] = [];
  assert.deepEqual(encodeUsage(d.usage, d.serviceTier, d.raw, dropped), native);
  assert.deepEqual(dropped, []);
});

test("proto3 omits zero counts: absent means 0 inside usageMetadata, and zeros are omitted back", () => {
  const d = decodeUsage({ promptTokenCount: 15, thoughtsTokenCount: 2, totalTokenCount: 17 });
  assert.deepEqual(d.usage, {
    input_tokens: 15,
    output_tokens: 2,
    cached_input_tokens: 0,
    reasoning_tokens: 2,
    total_tokens: 17,
  });
  assert.deepEqual(encodeUsage(d.usage, undefined, undefined, []), {
    promptTokenCount: 15,
    thoughtsTokenCount: 2,
    totalTokenCount: 17,
  });
});

test("usage from another provider: total computed, cache writes reported, tier mapped", () => {
  const dropped: Dropped[] = [];
  const out = encodeUsage(
    {
      input_tokens: 100,
      output_tokens: 30,
      cached_input_tokens: 40,
      cache_write_tokens: 10,
      reasoning_tokens: 5,
    },
    "default",
    undefined,
    dropped,
  );
  assert.deepEqual(out, {
    promptTokenCount: 100,
    cachedContentTokenCount: 40,
    candidatesTokenCount: 25,
    thoughtsTokenCount: 5,
    totalTokenCount: 130,
    serviceTier: "standard",
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["usage.cache_write_tokens"],
  );
});

test("unknown counts stay unknown rather than becoming zero", () => {
  assert.deepEqual(encodeUsage({}, null, undefined, []), {});
});
