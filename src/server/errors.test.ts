import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { createAuth } from "./auth.ts";
import { fakeGateway, listen, type Running } from "./test-kit.ts";

type Shape = "openai" | "anthropic" | "gemini";

const SURFACES: ReadonlyArray<{ path: string; shape: Shape }> = [
  { path: "/v1/responses", shape: "openai" },
  { path: "/v1/chat/completions", shape: "openai" },
  { path: "/v1/messages", shape: "anthropic" },
  { path: "/v1beta/models/gemini-2.5-flash:generateContent", shape: "gemini" },
  { path: "/v1/embeddings", shape: "openai" },
];

/** Asserts the body is `shape`'s error envelope and returns its message. */
function envelope(shape: Shape, status: number, body: unknown): string {
  const b = body as Record<string, Record<string, unknown>>;
  switch (shape) {
    case "openai":
      assert.equal(typeof b.error?.message, "string");
      assert.equal(typeof b.error?.type, "string");
      assert.ok(b.error && "code" in b.error && "param" in b.error);
      return String(b.error?.message);
    case "anthropic":
      assert.equal((body as Record<string, unknown>).type, "error");
      assert.equal(typeof b.error?.type, "string");
      return String(b.error?.message);
    case "gemini":
      assert.equal(b.error?.code, status);
      assert.equal(typeof b.error?.status, "string");
      return String(b.error?.message);
  }
}

async function call(
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers; text: string }> {
  const r = await fetch(url, init);
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text), headers: r.headers, text };
}

describe("errors in the caller's format", () => {
  const boom = (): never => {
    throw new Error("boom at /secret/path with sk-live-123");
  };
  const gateway = fakeGateway(boom, boom);
  const lines: string[] = [];
  let srv: Running;
  before(async () => {
    srv = await listen({ gateway, limits: { bodyBytes: 1024 }, log: (l) => lines.push(l) });
  });
  after(() => srv.close());

  for (const { path, shape } of SURFACES) {
    describe(path, () => {
      it("invalid JSON → 400 naming line and column", async () => {
        const r = await call(`${srv.url}${path}`, { method: "POST", body: '{\n  "model": "m",\n  oops\n}' });
        assert.equal(r.status, 400);
        const msg = envelope(shape, 400, r.body);
        assert.match(msg, /not valid JSON/);
        assert.match(msg, /line 3, column 3/);
      });
      it("truncated JSON → 400 at the end of the body", async () => {
        const r = await call(`${srv.url}${path}`, { method: "POST", body: '{"model": "m"' });
        assert.equal(r.status, 400);
        assert.match(envelope(shape, 400, r.body), /at the end of the body/);
      });
      it("empty body and non-object body → 400", async () => {
        const empty = await call(`${srv.url}${path}`, { method: "POST", body: "" });
        assert.equal(empty.status, 400);
        assert.match(envelope(shape, 400, empty.body), /empty/);
        const arr = await call(`${srv.url}${path}`, { method: "POST", body: "[1,2]" });
        assert.equal(arr.status, 400);
        assert.match(envelope(shape, 400, arr.body), /must be a JSON object, got an array/);
      });
      it("body over the limit → 413 (declared length)", async () => {
        const r = await call(`${srv.url}${path}`, {
          method: "POST",
          body: JSON.stringify({ x: "a".repeat(2000) }),
        });
        assert.equal(r.status, 413);
        assert.match(envelope(shape, 413, r.body), /1 KiB/);
      });
      it("wrong method → 405 with allow", async () => {
        const r = await call(`${srv.url}${path}`, { method: "GET" });
        assert.equal(r.status, 405);
        assert.equal(r.headers.get("allow"), "POST");
        envelope(shape, 405, r.body);
      });
      it("unexpected exception in the core → 500, no stack, no details", async () => {
        const r = await call(`${srv.url}${path}`, { method: "POST", body: "{}" });
        assert.equal(r.status, 500);
        assert.equal(envelope(shape, 500, r.body), "internal error in the gateway");
        assert.doesNotMatch(r.text, /boom|sk-live|at .*\.ts/);
      });
    });
  }

  it("chunked body crossing the limit → 413 without reading the rest", async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${srv.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      req.on("response", (r) => {
        let body = "";
        r.setEncoding("utf8");
        r.on("data", (c: string) => {
          body += c;
        });
        r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      // keep sending until the server answers: it must answer before the body ends
      let sent = 0;
      const pump = (): void => {
        if (req.destroyed || sent > 1024 * 1024) return;
        sent += 4096;
        if (req.write("a".repeat(4096))) setImmediate(pump);
        else req.once("drain", pump);
      };
      req.write('{"x":"');
      pump();
    });
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).error.code, "request_too_large");
  });

  it("unknown routes → 404 in the format the path implies", async () => {
    const cases: Array<[string, Shape, string?]> = [
      ["/v1/nope", "openai"],
      ["/v1/chat/nope", "openai"],
      ["/v1/messages/nope", "anthropic"],
      ["/v1/other", "anthropic", "2023-06-01"],
      ["/v1beta/models/x:embedContent", "gemini"],
      ["/v1beta/tunedModels", "gemini"],
      ["/", "openai"],
    ];
    for (const [path, shape, version] of cases) {
      const r = await call(`${srv.url}${path}`, {
        method: "POST",
        body: "{}",
        headers: version === undefined ? {} : { "anthropic-version": version },
      });
      assert.equal(r.status, 404, path);
      assert.match(envelope(shape, 404, r.body), /no route for POST/, path);
    }
  });

  it("the internal error is logged without a stack", () => {
    const line = lines.find((l) => l.includes(" error "));
    assert.ok(line);
    assert.doesNotMatch(line, /\n/);
  });
});

describe("gateway key", () => {
  const KEY = "sk-switchyard-test-key-0123456789";
  let srv: Running;
  const lines: string[] = [];
  before(async () => {
    srv = await listen({ gateway: fakeGateway(), auth: createAuth(KEY), log: (l) => lines.push(l) });
  });
  after(() => srv.close());

  const styles: ReadonlyArray<[string, (k: string) => Record<string, string>, string]> = [
    ["Authorization: Bearer", (k) => ({ authorization: `Bearer ${k}` }), ""],
    ["x-api-key", (k) => ({ "x-api-key": k }), ""],
    ["x-goog-api-key", (k) => ({ "x-goog-api-key": k }), ""],
  ];

  for (const { path, shape } of SURFACES) {
    it(`${path}: missing key → 401 in the surface's shape`, async () => {
      const r = await call(`${srv.url}${path}`, { method: "POST", body: "{}" });
      assert.equal(r.status, 401);
      assert.match(envelope(shape, 401, r.body), /missing gateway key/);
    });
    for (const [name, header] of styles) {
      it(`${path}: ${name} — right key accepted, wrong key 401 and never echoed`, async () => {
        const ok = await fetch(`${srv.url}${path}`, { method: "POST", body: "{}", headers: header(KEY) });
        assert.equal(ok.status, 200);
        await ok.arrayBuffer();
        const bad = await call(`${srv.url}${path}`, {
          method: "POST",
          body: "{}",
          headers: header("sk-wrong-guess"),
        });
        assert.equal(bad.status, 401);
        assert.equal(envelope(shape, 401, bad.body), "invalid gateway key");
        assert.doesNotMatch(bad.text, /sk-wrong-guess/);
      });
    }
    it(`${path}: ?key=`, async () => {
      const sep = path.includes("?") ? "&" : "?";
      const ok = await fetch(`${srv.url}${path}${sep}key=${KEY}`, { method: "POST", body: "{}" });
      assert.equal(ok.status, 200);
      await ok.arrayBuffer();
      const bad = await fetch(`${srv.url}${path}${sep}key=nope`, { method: "POST", body: "{}" });
      assert.equal(bad.status, 401);
      await bad.arrayBuffer();
    });
  }

  it("specific SDK shapes for 401", async () => {
    const o = await call(`${srv.url}/v1/chat/completions`, { method: "POST", body: "{}" });
    assert.deepEqual((o.body as { error: unknown }).error, {
      message: (o.body as { error: { message: string } }).error.message,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    const a = await call(`${srv.url}/v1/messages`, { method: "POST", body: "{}" });
    assert.equal((a.body as { error: { type: string } }).error.type, "authentication_error");
    const g = await call(`${srv.url}/v1beta/models/g:generateContent`, { method: "POST", body: "{}" });
    assert.equal((g.body as { error: { status: string } }).error.status, "UNAUTHENTICATED");
  });

  it("/healthz is open; /metrics and /v1/models need the key", async () => {
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
    const m = await fetch(`${srv.url}/metrics`);
    assert.equal(m.status, 401);
    await m.arrayBuffer();
    const l = await fetch(`${srv.url}/v1/models`);
    assert.equal(l.status, 401);
    await l.arrayBuffer();
    const ok = await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
  });

  it("keys never reach the log", () => {
    assert.ok(lines.length > 10);
    for (const l of lines) {
      assert.doesNotMatch(l, /sk-switchyard-test-key|sk-wrong-guess|key=/);
    }
  });
});

describe("odd request targets", () => {
  it("never crash the server and always get an answer", async () => {
    const { connect } = await import("node:net");
    const srv = await listen({ gateway: fakeGateway() });
    try {
      const targets = [
        "*",
        "http://evil.example/v1/responses",
        "/v1beta/models/%E0%A4%A:generateContent",
        "/v1/models/%",
        "//v1/responses",
        "/v1/../v1/responses",
        `/${"a".repeat(4000)}`,
        "/v1beta/models/:generateContent",
      ];
      for (const t of targets) {
        const status = await new Promise<string>((resolve, reject) => {
          const sock = connect(srv.port, "127.0.0.1", () => {
            sock.end(`POST ${t} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
          });
          let data = "";
          sock.setEncoding("utf8");
          sock.on("data", (c: string) => {
            data += c;
          });
          sock.on("end", () => resolve(data.split("\r\n")[0] ?? ""));
          sock.on("error", reject);
        });
        assert.match(status, /^HTTP\/1\.1 [2-4]\d\d /, t);
      }
      assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
    } finally {
      await srv.close();
    }
  });
});
