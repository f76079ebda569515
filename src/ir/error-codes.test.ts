import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_STATUS, type ErrorKind } from "./error.ts";
import { kindFromCode } from "./error-codes.ts";

test("every vocabulary's codes name the same kinds", () => {
  const cases: Array<[string, ErrorKind]> = [
    ["rate_limit_exceeded", "rate_limit"],
    ["rate_limit_error", "rate_limit"],
    ["RESOURCE_EXHAUSTED", "rate_limit"],
    ["overloaded_error", "overloaded"],
    ["UNAVAILABLE", "overloaded"],
    ["insufficient_quota", "billing"],
    ["billing_error", "billing"],
    ["api_error", "server"],
    ["INTERNAL", "server"],
    ["DEADLINE_EXCEEDED", "timeout"],
    ["529", "overloaded"],
    ["404", "not_found"],
  ];
  for (const [code, kind] of cases) assert.equal(kindFromCode(code), kind, code);
});

test("IR kinds read as themselves; unknown codes as nothing", () => {
  for (const kind of Object.keys(DEFAULT_STATUS)) assert.equal(kindFromCode(kind), kind);
  assert.equal(kindFromCode("something_else"), undefined);
  assert.equal(kindFromCode(null), undefined);
  assert.equal(kindFromCode(""), undefined);
});
