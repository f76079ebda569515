import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { request } from "node:http";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServeDeps } from "../server/start.ts";
import { fakeGateway } from "../server/test-kit.ts";
import { UsageError } from "./args.ts";
import type { CliIO } from "./io.ts";
import { serve } from "./serve.ts";

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
  };
  return io;
}

function slowStreamDeps(release: Promise<void>): ServeDeps & { closed: () => boolean } {
  let closed = false;
  const g = fakeGateway(() => ({
    kind: "stream",
    status: 200,
    headers: { "content-type": "text/event-stream" },
    chunks: (async function* () {
      yield "data: 1\n\n";
      await release;
      yield "data: 2\n\n";
    })(),
  }));
  g.close = async () => {
    closed = true;
  };
  return {
    createGateway: () => g,
    startSimulator: async () => ({ url: "http://127.0.0.1:9", close: async () => {} }),
    closed: () => closed,
  };
}

describe("switchyard serve", () => {
  it("--help, and flag errors", async () => {
    const io = capture();
    const deps = slowStreamDeps(Promise.resolve());
    assert.equal(await serve(["--help"], io, deps), 0);
    assert.match(io.stdout, /usage: switchyard serve/);
    assert.match(io.stdout, /--allow-unauthenticated/);
    await assert.rejects(serve(["--port", "x"], io, deps), UsageError);
    await assert.rejects(serve(["--hots", "a"], io, deps), /did you mean "--host"/);
  });

  it("a refusal or a bad config is a message and status 1, not a stack", async () => {
    const io = capture();
    const deps = slowStreamDeps(Promise.resolve());
    const prev = process.env.SWITCHYARD_MASTER_KEY;
    delete process.env.SWITCHYARD_MASTER_KEY;
    try {
      assert.equal(await serve(["--host", "0.0.0.0", "--port", "0"], io, deps), 1);
    } finally {
      if (prev !== undefined) process.env.SWITCHYARD_MASTER_KEY = prev;
    }
    assert.match(io.stderr, /^switchyard serve: refusing to listen on 0\.0\.0\.0 without a gateway key/);
    assert.equal(await serve(["--config", "/nonexistent/sy.yaml", "--port", "0"], io, deps), 1);
    assert.match(io.stderr, /sy\.yaml: \(file\): no such file/);
  });

  it("SIGTERM drains an in-flight stream, then closes the gateway; status 0", async () => {
    let release = (): void => {};
    const deps = slowStreamDeps(
      new Promise<void>((r) => {
        release = r;
      }),
    );
    const io = capture();
    const signals = new EventEmitter();
    const done = serve(["--port", "0", "--quiet"], io, deps, signals);
    const t0 = Date.now();
    while (!io.stderr.includes("listening on") && Date.now() - t0 < 3000) await sleep(5);
    const url = /listening on (http:\/\/\S+)/.exec(io.stderr)?.[1];
    assert.ok(url);
    let firstChunk = (): void => {};
    const streaming = new Promise<void>((r) => {
      firstChunk = r;
    });
    const body = new Promise<string>((resolve, reject) => {
      const req = request(`${url}/v1/responses`, { method: "POST" }, (res) => {
        let s = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          s += c;
          firstChunk();
        });
        res.on("end", () => resolve(s));
      });
      req.on("error", reject);
      req.end("{}");
    });
    // the stream is under way before the signal comes
    await streaming;
    signals.emit("SIGTERM");
    await sleep(50);
    assert.match(io.stderr, /SIGTERM: stopping, letting 1 request finish/);
    assert.equal(deps.closed(), false);
    release();
    assert.equal(await body, "data: 1\n\ndata: 2\n\n");
    assert.equal(await done, 0);
    assert.equal(deps.closed(), true);
    assert.match(io.stderr, /stopped\n$/);
  });

  it("a second signal exits at once (130)", async () => {
    const deps = slowStreamDeps(new Promise<void>(() => {}));
    const io = capture();
    const signals = new EventEmitter();
    const done = serve(["--port", "0", "--quiet"], io, deps, signals);
    const t0 = Date.now();
    while (!io.stderr.includes("listening on") && Date.now() - t0 < 3000) await sleep(5);
    const url = /listening on (http:\/\/\S+)/.exec(io.stderr)?.[1];
    await new Promise<void>((resolve) => {
      const req = request(`${url}/v1/responses`, { method: "POST" }, (res) => {
        res.once("data", () => resolve());
        res.on("error", () => {});
      });
      req.on("error", () => {});
      req.end("{}");
    });
    signals.emit("SIGINT");
    signals.emit("SIGINT");
    assert.equal(await done, 130);
    // the connections were cut, so the drain that the first signal began ends now
    const t1 = Date.now();
    while (!deps.closed() && Date.now() - t1 < 2000) await sleep(10);
    assert.equal(deps.closed(), true);
  });
});
