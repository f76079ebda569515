import assert from "node:assert/strict";
import { test } from "node:test";
import { type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import { decodeError, encodeError, geminiStatusFor, parseDuration } from "./error.ts";

function body(code: number, status: string, details?: unknown[]) {
  return { error: { code, message: `m ${status}`, status, ...(details ? { details } : {}) } };
}

test("every google.rpc status name decodes to its kind", () => {
  const table: Array<[number, string, ErrorKind]> = [
    [400, "INVALID_ARGUMENT", "invalid_request"],
    [400, "FAILED_PRECONDITION", "invalid_request"],
    [400, "OUT_OF_RANGE", "invalid_request"],
    [401, "UNAUTHENTICATED", "authentication"],
    [403, "PERMISSION_DENIED", "permission"],
    [404, "NOT_FOUND", "not_found"],
    [409, "ABORTED", "conflict"],
    [409, "ALREADY_EXISTS", "conflict"],
    [429, "RESOURCE_EXHAUSTED", "rate_limit"],
    [499, "CANCELLED", "cancelled"],
    [500, "INTERNAL", "server"],
    [500, "UNKNOWN", "server"],
    [501, "UNIMPLEMENTED", "server"],
    [503, "UNAVAILABLE", "overloaded"],
    [504, "DEADLINE_EXCEEDED", "timeout"],
  ];
  for (const [http, status, kind] of table) {
    const err = decodeError(http, body(http, status));
    assert.equal(err.kind, kind, status);
    assert.equal(err.status, http);
    assert.equal(err.code, status);
    assert.equal(err.message, `m ${status}`);
    assert.equal(err.source, "gemini");
  }
});

test("RetryInfo.retryDelay gives retryAfter; retry-after header is the fallback", () => {
  const quota = body(429, "RESOURCE_EXHAUSTED", [
    { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaId: "q" }] },
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "34.4s" },
  ]);
  assert.equal(decodeError(429, quota, () => "5").retryAfter, 34.4);
  assert.equal(
    decodeError(429, body(429, "RESOURCE_EXHAUSTED"), (h) => (h === "retry-after" ? "7" : null)).retryAfter,
    7,
  );
  assert.equal(parseDuration("30s"), 30);
  assert.equal(parseDuration("1.5s"), 1.5);
  assert.equal(parseDuration("soon"), undefined);
});

test("BadRequest field violations name the param", () => {
  const e = decodeError(
    400,
    body(400, "INVALID_ARGUMENT", [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "contents[0].parts", description: "x" }],
      },
    ]),
  );
  assert.equal(e.param, "contents[0].parts");
});

test("array-wrapped, string and non-JSON bodies decode", () => {
  assert.equal(decodeError(503, [body(503, "UNAVAILABLE")]).kind, "overloaded");
  assert.equal(decodeError(404, JSON.stringify(body(404, "NOT_FOUND"))).kind, "not_found");
  const text = decodeError(502, "<html>Bad Gateway</html>");
  assert.equal(text.kind, "server");
  assert.equal(text.status, 502);
  assert.equal(text.message, "<html>Bad Gateway</html>");
  assert.equal(decodeError(429, {}).kind, "rate_limit");
});

test("every IR kind encodes with the status a Gemini client expects", () => {
  const kinds: Record<ErrorKind, [number, string]> = {
    invalid_request: [400, "INVALID_ARGUMENT"],
    authentication: [401, "UNAUTHENTICATED"],
    billing: [403, "PERMISSION_DENIED"],
    permission: [403, "PERMISSION_DENIED"],
    not_found: [404, "NOT_FOUND"],
    conflict: [409, "ABORTED"],
    request_too_large: [413, "INVALID_ARGUMENT"],
    rate_limit: [429, "RESOURCE_EXHAUSTED"],
    cancelled: [499, "CANCELLED"],
    server: [500, "INTERNAL"],
    overloaded: [503, "UNAVAILABLE"],
    timeout: [504, "DEADLINE_EXCEEDED"],
  };
  for (const [kind, [http, status]] of Object.entries(kinds)) {
    assert.deepEqual(geminiStatusFor(kind as ErrorKind), { http, status });
    const enc = encodeError(
      new SwitchyardError({ kind: kind as ErrorKind, message: "boom", source: "anthropic" }),
    );
    assert.equal(enc.status, http);
    assert.equal(enc.body.error.code, http);
    assert.equal(enc.body.error.status, status);
    assert.equal(enc.body.error.message, "boom");
    // and the kind survives the trip through Gemini's envelope
    assert.equal(decodeError(enc.status, enc.body).kind, kind);
  }
});

test("Anthropic's 529 overload becomes 503 UNAVAILABLE; rate limits carry RetryInfo and retry-after", () => {
  const over = encodeError(new SwitchyardError({ kind: "overloaded", status: 529, message: "Overloaded" }));
  assert.equal(over.status, 503);
  assert.equal(over.body.error.status, "UNAVAILABLE");
  const rl = encodeError(new SwitchyardError({ kind: "rate_limit", message: "slow down", retryAfter: 12.5 }));
  assert.equal(rl.status, 429);
  assert.equal(rl.headers["retry-after"], "13");
  assert.deepEqual(rl.body.error.details, [
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12.5s" },
  ]);
});

test("billing travels as PERMISSION_DENIED with ErrorInfo BILLING_DISABLED", () => {
  const enc = encodeError(
    new SwitchyardError({ kind: "billing", status: 402, message: "Your credit balance is too low" }),
  );
  assert.deepEqual(enc.body, {
    error: {
      code: 403,
      message: "Your credit balance is too low",
      status: "PERMISSION_DENIED",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "BILLING_DISABLED",
          domain: "googleapis.com",
        },
      ],
    },
  });
  assert.equal(decodeError(403, body(403, "PERMISSION_DENIED")).kind, "permission");
});

test("a Gemini error body goes back verbatim", () => {
  const native = body(404, "NOT_FOUND", [
    { "@type": "type.googleapis.com/google.rpc.DebugInfo", detail: "d" },
  ]);
  const enc = encodeError(decodeError(404, native));
  assert.equal(enc.status, 404);
  assert.deepEqual(enc.body, native);
});
