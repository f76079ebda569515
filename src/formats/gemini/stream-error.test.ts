import assert from "node:assert/strict";
import { test } from "node:test";
import { errorFromCode, responseErrorCode } from "./stream-error.ts";

test("IR error codes of every format read as the kind they mean", () => {
  const cases: Array<[string | null, string]> = [
    ["rate_limit", "rate_limit"],
    ["overloaded", "overloaded"],
    ["RESOURCE_EXHAUSTED", "rate_limit"],
    ["UNAVAILABLE", "overloaded"],
    ["DEADLINE_EXCEEDED", "timeout"],
    ["PERMISSION_DENIED", "permission"],
    ["rate_limit_exceeded", "rate_limit"],
    ["insufficient_quota", "billing"],
    ["server_error", "server"],
    ["overloaded_error", "overloaded"],
    ["invalid_request_error", "invalid_request"],
    ["something_new", "server"],
    ["NOT_A_GOOGLE_STATUS", "server"],
    [null, "server"],
  ];
  for (const [code, kind] of cases) {
    const err = errorFromCode(code, "m");
    assert.equal(err.kind, kind, String(code));
    assert.equal(err.message, "m");
  }
});

test("a failed response's code is one the Responses API defines", () => {
  assert.equal(responseErrorCode("rate_limit"), "rate_limit_exceeded");
  assert.equal(responseErrorCode("invalid_request"), "invalid_prompt");
  assert.equal(responseErrorCode("overloaded"), "server_error");
  assert.equal(responseErrorCode("server"), "server_error");
});
