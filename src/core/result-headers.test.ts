import assert from "node:assert/strict";
import { test } from "node:test";
import { DROPPED_HEADER_MAX, droppedHeader, resultHeaders } from "./result-headers.ts";

test("dropped paths: unique, comma-separated, header-safe", () => {
  const h = resultHeaders("req_1", { provider: "openai", model: "gpt-4.1" }, [
    { path: "top_k", reason: "r" },
    { path: "top_k", reason: "r" },
    { path: "input[0].é", reason: "r" },
  ]);
  assert.equal(h["x-switchyard-dropped"], "top_k,input[0].?");
  assert.equal(h["x-switchyard-provider"], "openai");
  assert.equal(resultHeaders("req_1")["x-switchyard-dropped"], undefined);
});

test("capped at a path boundary, with a count of the rest", () => {
  const many = Array.from({ length: 500 }, (_, i) => ({ path: `input[${i}].content[0]`, reason: "r" }));
  const v = droppedHeader(many);
  assert.ok(v.length <= DROPPED_HEADER_MAX + 20);
  assert.match(v, /,\(\+\d+ more\)$/);
  assert.ok(v.startsWith("input[0].content[0],input[1].content[0]"));
});
