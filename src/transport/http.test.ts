import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createHttpClient, UpstreamFailure } from "./http.ts";

/** The upstream client against a loopback server whose behaviour each path picks. */
let server: Server;
let base: string;
let connections = 0;
const timers = new Set<NodeJS.Timeout>();

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

before(async () => {
  server = createServer((req, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      switch (req.url) {
        case "/ok":
          res.end("hello");
          break;
        case "/slow-headers":
          later(2000, () => res.end("late"));
          break;
        case "/stall":
          res.writeHead(200);
          res.write("first");
          break;
        case "/no-body":
          res.writeHead(200);
          res.flushHeaders();
          break;
        case "/drip":
          res.writeHead(200);
          for (let i = 0; i < 20; i++) later(i * 50, () => res.write("."));
          later(1000, () => res.end());
          break;
        case "/two":
          res.write("one");
          later(20, () => res.end("two"));
          break;
        case "/big":
          res.end(Buffer.alloc(10_000));
          break;
        case "/large": {
          // 4 MiB in 64 KiB writes, each byte its offset mod 251: a reordering or a loss shows
          const chunk = 64 * 1024;
          let sent = 0;
          const more = (): void => {
            while (sent < 4 * 1024 * 1024) {
              const b = Buffer.alloc(chunk);
              for (let i = 0; i < chunk; i++) b[i] = (sent + i) % 251;
              sent += chunk;
              if (!res.write(b)) return void res.once("drain", more);
            }
            res.end();
          };
          more();
          break;
        }
        case "/reset":
          res.writeHead(200);
          res.write("part");
          later(20, () => res.socket?.destroy());
          break;
        default:
          res.writeHead(404).end();
      }
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const t of timers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UpstreamFailure, String(e));
    return e.reason;
  }
  return "no failure";
}

test("keep-alive: sequential requests share one connection", async () => {
  const http = createHttpClient();
  const before = connections;
  for (let i = 0; i < 3; i++) {
    const res = await http.send({ url: `${base}/ok`, method: "GET", headers: {} });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello");
    // undici hands the socket back a tick after the body ends
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(connections - before, 1);
  await http.close();
});

test("first byte: headers that never come", async () => {
  const http = createHttpClient({ firstByteMs: 100 });
  const t0 = performance.now();
  assert.equal(await reason(http.send({ url: `${base}/slow-headers`, headers: {} })), "first_byte_timeout");
  assert.ok(performance.now() - t0 < 1000);
  await http.close();
});

test("first byte: headers, then no body", async () => {
  const http = createHttpClient({ firstByteMs: 100 });
  const res = await http.send({ url: `${base}/no-body`, headers: {} });
  assert.equal(await reason(res.text()), "first_byte_timeout");
  await http.close();
});

test("idle: a body that stops midway", async () => {
  const http = createHttpClient({ idleMs: 100 });
  const res = await http.send({ url: `${base}/stall`, headers: {} });
  const got: string[] = [];
  const r = await reason(
    (async () => {
      for await (const c of res.body) got.push(Buffer.from(c).toString());
    })(),
  );
  assert.equal(r, "idle_timeout");
  assert.deepEqual(got, ["first"]);
  await http.close();
});

test("idle: a slow consumer is not an idle upstream", async () => {
  const http = createHttpClient({ idleMs: 100 });
  const res = await http.send({ url: `${base}/two`, headers: {} });
  const got: string[] = [];
  for await (const c of res.body) {
    got.push(Buffer.from(c).toString());
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(got.join(""), "onetwo");
  await http.close();
});

test("idle resets on every chunk; total bounds the whole exchange", async () => {
  const http = createHttpClient({ idleMs: 200, totalMs: 300 });
  const res = await http.send({ url: `${base}/drip`, headers: {} });
  assert.equal(await reason(res.text()), "total_timeout");
  await http.close();
});

test("the caller's signal aborts; text() has a size limit", async () => {
  const http = createHttpClient();
  const ctl = new AbortController();
  later(50, () => ctl.abort());
  assert.equal(
    await reason(http.send({ url: `${base}/slow-headers`, headers: {}, signal: ctl.signal })),
    "aborted",
  );
  const big = await http.send({ url: `${base}/big`, headers: {} });
  assert.equal(await reason(big.text(1000)), "too_large");
  assert.equal(await reason(http.send({ url: "http://127.0.0.1:1/", headers: {} })), "network");
  await http.close();
});

test("a large body read slowly arrives whole and in order (pause/resume); a reset mid-body is a network failure", async () => {
  const http = createHttpClient();
  try {
    const res = await http.send({ url: `${base}/large`, headers: {} });
    let offset = 0;
    let n = 0;
    for await (const c of res.body) {
      for (let i = 0; i < c.byteLength; i++) assert.equal(c[i], (offset + i) % 251);
      offset += c.byteLength;
      // a slow consumer: the client must pause the socket rather than buffer without bound
      if (++n % 8 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(offset, 4 * 1024 * 1024);
    const broken = await http.send({ url: `${base}/reset`, headers: {} });
    assert.equal(await reason(broken.text()), "network");
  } finally {
    await http.close();
  }
});

test("cancel mid-body ends the exchange: iteration stops and the connection is not reused", async () => {
  const http = createHttpClient();
  try {
    const res = await http.send({ url: `${base}/drip`, headers: {} });
    const it = res.body[Symbol.asyncIterator]();
    assert.equal((await it.next()).done, false);
    res.cancel();
    await assert.rejects(
      (async () => {
        for (;;) if ((await it.next()).done === true) return;
      })(),
      (e: unknown) => e instanceof UpstreamFailure && e.reason === "aborted",
    );
    const before = connections;
    assert.equal(await (await http.send({ url: `${base}/ok`, headers: {} })).text(), "hello");
    assert.ok(connections > before, "a new connection: the cancelled one was dropped");
  } finally {
    await http.close();
  }
});
