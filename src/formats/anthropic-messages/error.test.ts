import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import { decodeError, ERROR_TYPES, encodeError } from "./error.ts";

const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

test("every documented error type decodes to its kind and re-encodes with its status", () => {
  for (const [type, { kind, status }] of Object.entries(ERROR_TYPES)) {
    const body = { type: "error", error: { type, message: "m" }, request_id: "req_1" };
    const err = decodeError(status, body);
    assert.equal(err.kind, kind, type);
    assert.equal(err.status, status);
    assert.equal(err.code, type);
    assert.equal(err.requestId, "req_1");
    const back = encodeError(err);
    assert.equal(back.status, status);
    assert.deepEqual(back.body, body);
    // Re-encoded from the kind alone (as if it came from elsewhere): same type and status.
    const fresh = encodeError(new SwitchyardError({ kind, message: "m" }));
    assert.equal(fresh.status, status, type);
    assert.equal(fresh.body.error.type, type);
  }
});

test("overload from any provider is a 529 overloaded_error", () => {
  const gemini = new SwitchyardError({
    kind: "overloaded",
    message: "UNAVAILABLE",
    status: 503,
    source: "gemini",
  });
  const out = encodeError(gemini);
  assert.equal(out.status, 529);
  assert.deepEqual(out.body, { type: "error", error: { type: "overloaded_error", message: "UNAVAILABLE" } });
});

test("retry-after and request-id come from headers and go back as headers", () => {
  const err = decodeError(
    429,
    { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
    headers({ "retry-after": "7", "request-id": "req_9" }),
  );
  assert.equal(err.kind, "rate_limit");
  assert.equal(err.retryAfter, 7);
  assert.equal(err.requestId, "req_9");
  assert.ok(err.retryable);
  assert.deepEqual(encodeError(err).headers, { "retry-after": "7", "request-id": "req_9" });
});

test("the type decides over the status; unknown types fall back to the status", () => {
  assert.equal(
    decodeError(503, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }).kind,
    "overloaded",
  );
  assert.equal(
    decodeError(409, { type: "error", error: { type: "conflict_thing", message: "x" } }).kind,
    "conflict",
  );
  // An in-stream error (HTTP 200) takes the status of its type.
  const inStream = decodeError(200, {
    type: "error",
    error: { type: "overloaded_error", message: "Overloaded" },
  });
  assert.equal(inStream.status, 529);
});

test("non-JSON bodies (proxies, HTML) still decode", () => {
  const err = decodeError(413, "<html>Request Entity Too Large</html>");
  assert.equal(err.kind, "request_too_large");
  assert.equal(err.message, "<html>Request Entity Too Large</html>");
  const json = decodeError(500, '{"type":"error","error":{"type":"api_error","message":"boom"}}');
  assert.equal(json.kind, "server");
  assert.equal(json.message, "boom");
  assert.equal(decodeError(502, "").message, "HTTP 502");
});

test("a foreign error body is not re-used as an Anthropic envelope", () => {
  const err = new SwitchyardError({
    kind: "invalid_request",
    message: "bad",
    source: "openai-chat",
    raw: { error: { message: "bad" } },
    requestId: "r",
  });
  assert.deepEqual(encodeError(err), {
    status: 400,
    body: { type: "error", error: { type: "invalid_request_error", message: "bad" }, request_id: "r" },
    headers: { "request-id": "r" },
  });
});
