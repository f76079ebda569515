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

test("an error object inside a 200 stream takes its kind from error.type, with OpenAI's status", () => {
  const server = decodeError(200, { error: { message: "m", type: "server_error" } });
  assert.equal(server.kind, "server");
  assert.equal(server.status, 500);
  const quota = decodeError(200, { error: { message: "q", type: "insufficient_quota" } });
  assert.equal(quota.kind, "billing");
  assert.equal(quota.status, 429);
  assert.equal(decodeError(200, { error: { message: "?", type: "new_type" } }).kind, "server");
});

test("quota exhaustion (429 insufficient_quota) is kind billing both ways, never retried", () => {
  const body = {
    error: {
      message: "You exceeded your current quota",
      type: "insufficient_quota",
      param: null,
      code: "insufficient_quota",
    },
  };
  const err = decodeError(429, body);
  assert.equal(err.kind, "billing");
  assert.equal(err.status, 429);
  assert.equal(err.source, "openai-chat");
  const enc = encodeError(err);
  assert.equal(enc.status, 429);
  assert.deepEqual(enc.body, body);
  assert.equal(enc.headers["x-should-retry"], "false");
});

test("a Responses error goes back verbatim with its own status (the envelope is shared)", () => {
  const body = {
    error: {
      message: "The requested model 'x' does not exist.",
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    },
  };
  const err = new SwitchyardError({
    kind: "not_found",
    status: 400,
    message: body.error.message,
    code: "model_not_found",
    param: "model",
    source: "openai-responses",
    raw: body,
  });
  const enc = encodeError(err);
  assert.equal(enc.status, 400);
  assert.deepEqual(enc.body, body);
  const back = decodeError(enc.status, enc.body);
  assert.equal(back.kind, "not_found");
  assert.equal(back.param, "model");
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
    error: {
      message: "Overloaded",
      type: "service_unavailable_error",
      param: null,
      code: "server_is_overloaded",
    },
  });
  assert.equal(decodeError(enc.status, enc.body).kind, "overloaded");

  const billing = encodeError(
    new SwitchyardError({
      kind: "billing",
      status: 402,
      message: "Credit exhausted",
      source: "anthropic-messages",
    }),
  );
  assert.equal(billing.status, 429);
  assert.equal(billing.body.error.type, "insufficient_quota");
  assert.equal(billing.body.error.code, "insufficient_quota");
  assert.equal(billing.headers["x-should-retry"], "false");
  assert.equal(decodeError(billing.status, billing.body).kind, "billing");

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
  assert.equal(decodeError(invalid.status, invalid.body).kind, "invalid_request");
});
