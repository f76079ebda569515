import assert from "node:assert/strict";
import { test } from "node:test";
import { type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import { decodeError, encodeError } from "./error.ts";

const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

test("the status decides the kind; message, type-derived fields and raw body are kept", () => {
  const body = {
    error: { message: "Rate limit reached", type: "tokens", param: null, code: "rate_limit_exceeded" },
  };
  const err = decodeError(429, body, headers({ "retry-after-ms": "1500", "x-request-id": "req_1" }));
  assert.equal(err.kind, "rate_limit");
  assert.equal(err.status, 429);
  assert.equal(err.code, "rate_limit_exceeded");
  assert.equal(err.param, undefined);
  assert.equal(err.retryAfter, 1.5);
  assert.equal(err.requestId, "req_1");
  assert.equal(err.source, "openai-chat");
  assert.deepEqual(err.raw, body);
  const enc = encodeError(err);
  assert.equal(enc.status, 429);
  assert.deepEqual(enc.body, body);
  assert.deepEqual(enc.headers, { "retry-after": "2", "retry-after-ms": "1500", "x-request-id": "req_1" });
});

test("status table", () => {
  const cases: Array<[number, ErrorKind]> = [
    [400, "invalid_request"],
    [401, "authentication"],
    [403, "permission"],
    [404, "not_found"],
    [409, "conflict"],
    [413, "request_too_large"],
    [422, "invalid_request"],
    [429, "rate_limit"],
    [500, "server"],
    [502, "server"],
    [503, "overloaded"],
    [504, "timeout"],
  ];
  for (const [status, kind] of cases) {
    const err = decodeError(status, { error: { message: "m", type: "x", param: null, code: null } });
    assert.equal(err.kind, kind, String(status));
    assert.equal(encodeError(err).status, status);
  }
});

test("an error object inside a 200 stream takes its kind from error.type", () => {
  assert.equal(decodeError(200, { error: { message: "m", type: "server_error" } }).kind, "server");
  assert.equal(decodeError(200, { error: { message: "q", type: "insufficient_quota" } }).kind, "rate_limit");
  assert.equal(decodeError(200, { error: { message: "?", type: "new_type" } }).kind, "server");
});

test("non-JSON and odd bodies still give a message", () => {
  const text = decodeError(502, "<html>Bad gateway</html>");
  assert.equal(text.kind, "server");
  assert.equal(text.message, "<html>Bad gateway</html>");
  assert.equal(decodeError(400, '{"error":{"message":"json text"}}').message, "json text");
  assert.equal(decodeError(500, { error: "plain string" }).message, "plain string");
  assert.equal(decodeError(500, { message: "top-level" }).message, "top-level");
  assert.equal(decodeError(500, undefined).message, "HTTP 500");
});

test("errors from other formats get the OpenAI envelope and the status its SDK expects", () => {
  const overloaded = new SwitchyardError({
    kind: "overloaded",
    status: 529,
    message: "Overloaded",
    source: "anthropic-messages",
    raw: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
  });
  const enc = encodeError(overloaded);
  assert.equal(enc.status, 503);
  assert.deepEqual(enc.body, {
    error: { message: "Overloaded", type: "service_unavailable_error", param: null, code: null },
  });

  const billing = encodeError(new SwitchyardError({ kind: "billing", message: "Credit exhausted" }));
  assert.equal(billing.status, 429);
  assert.equal(billing.body.error.type, "insufficient_quota");
  assert.equal(billing.body.error.code, "insufficient_quota");

  const invalid = encodeError(
    new SwitchyardError({ kind: "invalid_request", message: "bad", param: "messages[0].content", code: "x" }),
  );
  assert.deepEqual(invalid, {
    status: 400,
    body: {
      error: { message: "bad", type: "invalid_request_error", param: "messages[0].content", code: "x" },
    },
    headers: {},
  });
});
