import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { createAuth, keyMatches, presentedKeys } from "./auth.ts";
import { isLoopback } from "./host.ts";

function fakeReq(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}
const u = (q = "") => new URL(`http://h/v1/x${q}`);

describe("auth", () => {
  it("compares fixed-length digests: any length, any content, never throws", () => {
    const expected = createHash("sha256").update("secret").digest();
    assert.equal(keyMatches("secret", expected), true);
    for (const other of ["", "s", "secre", "secret ", "Secret", "secret".repeat(1000), "sécret", "\u0000"]) {
      assert.equal(keyMatches(other, expected), false, JSON.stringify(other));
    }
  });

  it("reads keys as each SDK sends them", () => {
    assert.deepEqual(presentedKeys(fakeReq({ authorization: "Bearer abc" }), u()), ["abc"]);
    assert.deepEqual(presentedKeys(fakeReq({ authorization: "bearer  abc " }), u()), ["abc"]);
    assert.deepEqual(presentedKeys(fakeReq({ authorization: "Basic abc" }), u()), []);
    assert.deepEqual(presentedKeys(fakeReq({ "x-api-key": "k1" }), u()), ["k1"]);
    assert.deepEqual(presentedKeys(fakeReq({ "x-goog-api-key": "k2" }), u()), ["k2"]);
    assert.deepEqual(presentedKeys(fakeReq({}), u("?alt=sse&key=k3")), ["k3"]);
  });

  it("accepts when any presented key matches, and tells missing from invalid", () => {
    const a = createAuth("right");
    assert.equal(a.required, true);
    assert.deepEqual(a.check(fakeReq({}), u()), { ok: false, reason: "missing" });
    assert.deepEqual(a.check(fakeReq({ "x-api-key": "wrong" }), u()), { ok: false, reason: "invalid" });
    assert.deepEqual(a.check(fakeReq({ "x-api-key": "wrong", authorization: "Bearer right" }), u()), {
      ok: true,
    });
    assert.deepEqual(a.check(fakeReq({}), u("?key=right")), { ok: true });
  });

  it("without a key, everything is accepted", () => {
    const a = createAuth(undefined);
    assert.equal(a.required, false);
    assert.deepEqual(a.check(fakeReq({}), u()), { ok: true });
    assert.equal(createAuth("").required, false);
  });
});

describe("isLoopback", () => {
  it("loopback names and addresses", () => {
    for (const h of [
      "127.0.0.1",
      "127.1.2.3",
      "localhost",
      "LOCALHOST",
      "::1",
      "[::1]",
      "::ffff:127.0.0.1",
      "app.localhost",
    ]) {
      assert.equal(isLoopback(h), true, h);
    }
  });
  it("wildcards and network addresses are not", () => {
    for (const h of [
      "0.0.0.0",
      "::",
      "192.168.1.10",
      "10.0.0.1",
      "example.com",
      "128.0.0.1",
      "localhost.example.com",
    ]) {
      assert.equal(isLoopback(h), false, h);
    }
  });
});
