import assert from "node:assert/strict";
import { type IncomingMessage, request } from "node:http";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { GatewayRequest, StreamResult } from "../core/gateway-types.ts";
import { fakeGateway, listen } from "./test-kit.ts";

/** A stream the test drives: `push` a chunk, `finish` to end it. */
function controlled() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const state = { pulled: 0, returned: false };
  async function* chunks(): AsyncGenerator<string> {
    try {
      for (;;) {
        while (queue.length > 0) {
          state.pulled++;
          yield queue.shift() as string;
        }
        if (ended) return;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    } finally {
      state.returned = true;
    }
  }
  return {
    state,
    /** As the core does, the source ends when the request's signal aborts. */
    result: (signal?: AbortSignal): StreamResult => {
      signal?.addEventListener("abort", () => {
        ended = true;
        wake?.();
      });
      return {
        kind: "stream",
        status: 200,
        headers: { "content-type": "text/event-stream", "x-switchyard-provider": "fake" },
        chunks: chunks(),
      };
    },
    push(c: string) {
      queue.push(c);
      wake?.();
    },
    finish() {
      ended = true;
      wake?.();
    },
  };
}

function open(url: string, body = "{}"): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    res.setEncoding("utf8");
    res.on("data", (c: string) => {
      s += c;
    });
    res.on("end", () => resolve(s));
    res.on("error", reject);
  });
}

describe("streaming", () => {
  it("flushes headers at once and writes each chunk as it comes", async () => {
    const c = controlled();
    const srv = await listen({ gateway: fakeGateway(() => c.result()) });
    try {
      // no chunk yet: the headers must arrive anyway
      const res = await open(`${srv.url}/v1/responses`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers["content-type"], "text/event-stream");
      assert.equal(res.headers["cache-control"], "no-cache");
      assert.equal(res.headers["x-accel-buffering"], "no");
      res.setEncoding("utf8");
      const first = new Promise<string>((r) => res.once("data", r));
      c.push("data: one\n\n");
      assert.equal(await first, "data: one\n\n");
      c.push("data: two\n\n");
      c.finish();
      assert.equal(await readAll(res), "data: two\n\n");
    } finally {
      await srv.close();
    }
  });

  it("respects backpressure: a paused client stops the source", async () => {
    const c = controlled();
    const srv = await listen({ gateway: fakeGateway(() => c.result()) });
    try {
      const mib = "x".repeat(1024 * 1024);
      for (let i = 0; i < 64; i++) c.push(mib);
      c.finish();
      const res = await open(`${srv.url}/v1/responses`);
      res.pause();
      await sleep(300);
      assert.ok(c.state.pulled < 40, `pulled ${c.state.pulled} MiB while the client read nothing`);
      let bytes = 0;
      res.on("data", (b: Buffer) => {
        bytes += b.length;
      });
      res.resume();
      await new Promise((r) => res.on("end", r));
      assert.equal(bytes, 64 * 1024 * 1024);
    } finally {
      await srv.close();
    }
  });

  it("a client disconnect aborts the core's signal and stops the source", async () => {
    const c = controlled();
    let seen: GatewayRequest | undefined;
    const lines: string[] = [];
    const srv = await listen({
      gateway: fakeGateway((req) => {
        seen = req;
        return c.result(req.signal);
      }),
      log: (l) => lines.push(l),
    });
    try {
      const res = await open(`${srv.url}/v1/messages`);
      c.push("event: ping\ndata: {}\n\n");
      await new Promise((r) => res.once("data", r));
      res.destroy();
      const t0 = Date.now();
      while (!(seen?.signal?.aborted === true && c.state.returned) && Date.now() - t0 < 2000) await sleep(10);
      assert.equal(seen?.signal?.aborted, true);
      assert.equal(c.state.returned, true);
      while (srv.server.inFlight > 0 && Date.now() - t0 < 2000) await sleep(10);
      assert.equal(srv.server.inFlight, 0);
      assert.match(lines.at(-1) ?? "", /POST \/v1\/messages 200 \d+ms fake \(client closed\)/);
    } finally {
      await srv.close();
    }
  });

  it("a client that leaves before the answer aborts the signal (logged as 499)", async () => {
    let seen: GatewayRequest | undefined;
    const lines: string[] = [];
    const srv = await listen({
      gateway: fakeGateway(
        (req) =>
          new Promise((resolve) => {
            seen = req;
            req.signal?.addEventListener("abort", () =>
              resolve({ kind: "json", status: 499, headers: {}, body: {} }),
            );
          }),
      ),
      log: (l) => lines.push(l),
    });
    try {
      const req = request(`${srv.url}/v1/chat/completions`, { method: "POST" });
      req.on("error", () => {});
      req.end("{}");
      const t0 = Date.now();
      while (seen === undefined && Date.now() - t0 < 2000) await sleep(5);
      req.destroy();
      while (seen?.signal?.aborted !== true && Date.now() - t0 < 2000) await sleep(5);
      assert.equal(seen?.signal?.aborted, true);
      while (lines.length === 0 && Date.now() - t0 < 2000) await sleep(5);
      assert.match(lines[0] ?? "", / 499 /);
    } finally {
      await srv.close();
    }
  });

  it("an exception inside the stream cuts the connection (never a clean end)", async () => {
    const srv = await listen({
      gateway: fakeGateway(() => ({
        kind: "stream",
        status: 200,
        headers: { "content-type": "text/event-stream" },
        chunks: (async function* () {
          yield "data: a\n\n";
          throw new Error("upstream exploded");
        })(),
      })),
    });
    try {
      const res = await open(`${srv.url}/v1/responses`);
      await assert.rejects(readAll(res), /aborted|ECONNRESET/);
    } finally {
      await srv.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("stops accepting, lets an in-flight stream finish, then resolves", async () => {
    const c = controlled();
    const srv = await listen({ gateway: fakeGateway(() => c.result()) });
    const res = await open(`${srv.url}/v1/responses`);
    c.push("data: 1\n\n");
    const body = readAll(res);
    const done = srv.server.shutdown(5000);
    await sleep(50);
    assert.equal(srv.server.listening, false);
    await assert.rejects(fetch(`${srv.url}/healthz`));
    c.push("data: 2\n\n");
    await sleep(50);
    c.push("data: 3\n\n");
    c.finish();
    assert.equal(await body, "data: 1\n\ndata: 2\n\ndata: 3\n\n");
    assert.equal(await done, true);
    assert.equal(srv.server.inFlight, 0);
  });

  it("cuts what is still running after the timeout, aborting its signal", async () => {
    const c = controlled();
    let seen: GatewayRequest | undefined;
    const srv = await listen({
      gateway: fakeGateway((req) => {
        seen = req;
        return c.result();
      }),
    });
    const res = await open(`${srv.url}/v1/responses`);
    res.on("error", () => {});
    res.resume();
    c.push("data: 1\n\n");
    const t0 = Date.now();
    assert.equal(await srv.server.shutdown(200), false);
    assert.ok(Date.now() - t0 < 2000);
    await sleep(20);
    assert.equal(seen?.signal?.aborted, true);
  });

  it("with nothing in flight, resolves at once", async () => {
    const srv = await listen({ gateway: fakeGateway() });
    const keepAlive = await fetch(`${srv.url}/healthz`);
    await keepAlive.text();
    const t0 = Date.now();
    assert.equal(await srv.server.shutdown(5000), true);
    assert.ok(Date.now() - t0 < 1000);
  });
});
