import assert from "node:assert/strict";
import { test } from "node:test";
import { type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import { decodeError, decodeFailure, encodeError, encodeFailure } from "./error.ts";

const envelope = (type: string, code: string | null, message = "m", param: string | null = null) => ({
  error: { message, type, param, code },
});

test("every status OpenAI sends decodes to its kind and re-encodes with the same status and body", () => {
  const cases: Array<[number, ReturnType<typeof envelope>, ErrorKind]> = [
    [
      400,
      envelope("invalid_request_error", "unsupported_parameter", "bad", "temperature"),
      "invalid_request",
    ],
    [401, envelope("invalid_request_error", "invalid_api_key"), "authentication"],
    [403, envelope("request_forbidden", "unsupported_country_region_territory"), "permission"],
    [404, envelope("invalid_request_error", null), "not_found"],
    [409, envelope("invalid_request_error", null), "conflict"],
    [422, envelope("invalid_request_error", null), "invalid_request"],
    [429, envelope("tokens", "rate_limit_exceeded"), "rate_limit"],
    [429, envelope("insufficient_quota", "insufficient_quota"), "billing"],
    [500, envelope("server_error", null), "server"],
    [503, envelope("service_unavailable_error", "server_is_overloaded"), "overloaded"],
  ];
  for (const [status, body, kind] of cases) {
    const err = decodeError(status, body);
    assert.equal(err.kind, kind, `${status} ${body.error.code}`);
    assert.equal(err.status, status);
    assert.equal(err.message, body.error.message);
    assert.equal(err.code, body.error.code ?? undefined);
    assert.equal(err.param, body.error.param ?? undefined);
    assert.equal(err.source, "openai-responses");
    assert.deepEqual(err.raw, body);
    const out = encodeError(err);
    assert.equal(out.status, status);
    assert.deepEqual(out.body, body);
  }
});

test("Responses answers an unknown model with 400 model_not_found: kind not_found, status kept", () => {
  const err = decodeError(
    400,
    envelope("invalid_request_error", "model_not_found", "no such model", "model"),
  );
  assert.equal(err.kind, "not_found");
  assert.equal(err.status, 400);
  assert.equal(encodeError(err).status, 400);
});

test("quota exhaustion is kind billing, a 429 the SDK should not retry", () => {
  const body = envelope("insufficient_quota", "insufficient_quota", "You exceeded your current quota");
  const err = decodeError(429, body);
  assert.equal(err.kind, "billing");
  assert.equal(err.status, 429);
  assert.equal(err.retryable, false);
  const out = encodeError(err);
  assert.equal(out.status, 429);
  assert.deepEqual(out.body, body);
  assert.equal(out.headers["x-should-retry"], "false");
  // The type alone says quota too (some compatible servers leave `code` null).
  assert.equal(decodeError(429, envelope("insufficient_quota", null)).kind, "billing");
  const rl = encodeError(decodeError(429, envelope("requests", "rate_limit_exceeded")));
  assert.equal(rl.headers["x-should-retry"], undefined);
});

test("Anthropic's 402 billing_error becomes OpenAI's 429 insufficient_quota, and back to billing", () => {
  const err = new SwitchyardError({
    kind: "billing",
    status: 402,
    message: "Your credit balance is too low",
    code: "billing_error",
    source: "anthropic-messages",
    raw: { type: "error", error: { type: "billing_error", message: "Your credit balance is too low" } },
  });
  const out = encodeError(err);
  assert.equal(out.status, 429);
  assert.deepEqual(out.body, {
    error: {
      message: "Your credit balance is too low",
      type: "insufficient_quota",
      param: null,
      code: "insufficient_quota",
    },
  });
  assert.deepEqual(out.headers, { "x-should-retry": "false" });
  const back = decodeError(out.status, out.body);
  assert.equal(back.kind, "billing");
  assert.equal(back.status, 429);
});

test("an error from Chat Completions goes back verbatim with its own status", () => {
  const body = envelope("invalid_request_error", "model_not_found", "The model `x` does not exist");
  const err = new SwitchyardError({
    kind: "not_found",
    status: 404,
    message: body.error.message,
    code: "model_not_found",
    source: "openai-chat",
    raw: body,
  });
  const out = encodeError(err);
  assert.equal(out.status, 404);
  assert.equal(out.body, body);
  assert.equal(decodeError(out.status, out.body).kind, "not_found");
});

test("retry-after-ms / retry-after and the request id are read from headers and written back", () => {
  const headers: Record<string, string> = { "retry-after-ms": "1500", "x-request-id": "req_123" };
  const err = decodeError(429, envelope("requests", "rate_limit_exceeded"), (n) => headers[n]);
  assert.equal(err.retryAfter, 1.5);
  assert.equal(err.requestId, "req_123");
  assert.deepEqual(encodeError(err).headers, {
    "retry-after": "2",
    "retry-after-ms": "1500",
    "x-request-id": "req_123",
  });
  assert.equal(
    decodeError(503, envelope("server_error", null), (n) => (n === "retry-after" ? "7" : null)).retryAfter,
    7,
  );
});

test("non-JSON and odd bodies still decode", () => {
  const text = decodeError(502, "<html>Bad gateway</html>");
  assert.equal(text.kind, "server");
  assert.equal(text.message, "<html>Bad gateway</html>");
  const json = decodeError(400, JSON.stringify(envelope("invalid_request_error", null, "parsed")));
  assert.equal(json.message, "parsed");
  assert.equal(decodeError(500, {}).message, "HTTP 500");
  assert.equal(decodeError(500, { error: "plain string" }).message, "plain string");
});

test("the stream `error` event is read in both the recorded (nested) and the spec (flat) shape", () => {
  const nested = {
    type: "error",
    sequence_number: 2,
    error: { type: "insufficient_quota", code: "insufficient_quota", message: "quota", param: null },
  };
  const flat = {
    type: "error",
    sequence_number: 2,
    code: "rate_limit_exceeded",
    message: "slow down",
    param: null,
  };
  assert.equal(decodeError(200, nested).kind, "billing");
  assert.equal(decodeError(200, nested).status, 429);
  const f = decodeError(200, flat);
  assert.equal(f.kind, "rate_limit");
  assert.equal(f.message, "slow down");
  assert.equal(f.code, "rate_limit_exceeded");
  assert.equal(f.status, 429);
});

test("without an error status, error.type gives the kind and OpenAI's status for it", () => {
  const cases: Array<[string, ErrorKind, number]> = [
    ["invalid_request_error", "invalid_request", 400],
    ["rate_limit_error", "rate_limit", 429],
    ["server_error", "server", 500],
    ["service_unavailable_error", "overloaded", 503],
    ["something_new", "server", 500],
  ];
  for (const [type, kind, status] of cases) {
    const err = decodeError(200, { error: { message: "m", type, param: null, code: null } });
    assert.equal(err.kind, kind, type);
    assert.equal(err.status, status, type);
    assert.equal(encodeError(err).status, status, type);
  }
});

test("a failed Response's error object decodes and encodes", () => {
  const failure = decodeFailure({ code: "server_error", message: "boom" });
  assert.equal(failure.kind, "server");
  assert.deepEqual(encodeFailure(failure), { code: "server_error", message: "boom" });
  assert.equal(decodeFailure({ code: "invalid_image", message: "bad image" }).kind, "invalid_request");
  assert.equal(decodeFailure({ code: "rate_limit_exceeded", message: "x" }).kind, "rate_limit");
  const foreign = new SwitchyardError({ kind: "rate_limit", message: "slow", code: "RESOURCE_EXHAUSTED" });
  assert.deepEqual(encodeFailure(foreign), { code: "rate_limit_exceeded", message: "slow" });
  assert.equal(
    encodeFailure(new SwitchyardError({ kind: "invalid_request", message: "x" })).code,
    "invalid_prompt",
  );
  assert.equal(encodeFailure(new SwitchyardError({ kind: "overloaded", message: "x" })).code, "server_error");
});

test("errors from other formats get OpenAI's statuses, types and codes", () => {
  const cases: Array<[ErrorKind, number | undefined, number, string, string | null]> = [
    ["invalid_request", 400, 400, "invalid_request_error", null],
    ["authentication", 401, 401, "invalid_request_error", "invalid_api_key"],
    ["billing", 402, 429, "insufficient_quota", "insufficient_quota"],
    ["permission", 403, 403, "invalid_request_error", null],
    ["not_found", 404, 404, "invalid_request_error", null],
    ["request_too_large", 413, 400, "invalid_request_error", "request_too_large"],
    ["conflict", 409, 409, "invalid_request_error", null],
    ["rate_limit", 429, 429, "rate_limit_error", "rate_limit_exceeded"],
    ["cancelled", 499, 499, "invalid_request_error", "request_cancelled"],
    ["server", 500, 500, "server_error", "server_error"],
    ["overloaded", 529, 503, "service_unavailable_error", "server_is_overloaded"],
    ["timeout", 504, 504, "server_error", "timeout"],
  ];
  for (const [kind, status, outStatus, type, code] of cases) {
    const err = new SwitchyardError({
      kind,
      message: `${kind} happened`,
      ...(status === undefined ? {} : { status }),
      code: "anthropic_specific",
      source: "anthropic-messages",
      raw: { type: "error", error: { type: "x", message: "y" } },
    });
    const out = encodeError(err);
    assert.equal(out.status, outStatus, kind);
    assert.deepEqual(out.body, { error: { message: `${kind} happened`, type, param: null, code } }, kind);
    assert.equal(decodeError(out.status, out.body).kind, kind, kind);
  }
  assert.equal(
    encodeError(new SwitchyardError({ kind: "billing", message: "pay" })).headers["x-should-retry"],
    "false",
  );
});

test("the param of a malformed request is kept", () => {
  const err = new SwitchyardError({
    kind: "invalid_request",
    message: "input[1].role: expected …",
    param: "input[1].role",
  });
  assert.equal(encodeError(err).body.error.param, "input[1].role");
});
