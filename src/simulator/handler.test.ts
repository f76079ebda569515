/** The simulator at the HTTP level: envelopes, auth, framing, lists, fault bookkeeping, mounting. */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { simulatorHandler, startSimulator } from "./index.ts";
import type { RunningSimulator } from "./types.ts";

let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(() => sim.close());

const OPENAI = { authorization: "Bearer k", "content-type": "application/json" };
const ANTHROPIC = { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" };
const GEMINI = { "x-goog-api-key": "k", "content-type": "application/json" };

function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(sim.url + path, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

test("a missing key is each format's 401 envelope", async () => {
  const o = await post(
    "/v1/chat/completions",
    { model: "m", messages: [] },
    { "content-type": "application/json" },
  );
  assert.equal(o.status, 401);
  assert.equal(((await o.json()) as { error: { type: string } }).error.type, "invalid_request_error");
  const a = await post("/v1/messages", {}, { "content-type": "application/json" });
  assert.equal(a.status, 401);
  assert.deepEqual(((await a.json()) as { error: { type: string } }).error.type, "authentication_error");
  const g = await post(
    "/v1beta/models/gemini-2.5-flash:generateContent",
    {},
    { "content-type": "application/json" },
  );
  assert.equal(g.status, 401);
  assert.equal(((await g.json()) as { error: { status: string } }).error.status, "UNAUTHENTICATED");
  const list = await fetch(`${sim.url}/v1/models`);
  assert.equal(list.status, 401);
});

test("bad requests are 400s in the caller's format, naming the field", async () => {
  const json = await post("/v1/responses", "{not json", OPENAI);
  assert.equal(json.status, 400);
  const jb = (await json.json()) as { error: { param: string; message: string } };
  assert.equal(jb.error.param, "body");
  assert.match(jb.error.message, /not valid JSON/);

  const a = await post(
    "/v1/messages",
    { model: "claude-x", max_tokens: 5, messages: [{ role: "user", content: 7 }] },
    ANTHROPIC,
  );
  assert.equal(a.status, 400);
  const ab = (await a.json()) as { type: string; error: { type: string; message: string } };
  assert.equal(ab.error.type, "invalid_request_error");
  assert.match(ab.error.message, /messages\[0\]\.content/);

  const g = await post("/v1beta/models/gemini-2.5-flash:generateContent", { contents: "x" }, GEMINI);
  assert.equal(g.status, 400);
  assert.equal(((await g.json()) as { error: { status: string } }).error.status, "INVALID_ARGUMENT");

  const ctl = await post("/v1/chat/completions", { model: "gpt-4o~speed=3", messages: [] }, OPENAI);
  assert.equal(ctl.status, 400);
  assert.match(((await ctl.json()) as { error: { message: string } }).error.message, /~speed/);
});

test("unknown routes are 404s; /healthz needs no key", async () => {
  const r = await post("/v1/nothing", {}, OPENAI);
  assert.equal(r.status, 404);
  assert.match(((await r.json()) as { error: { message: string } }).error.message, /POST \/v1\/nothing/);
  const g = await post("/v1beta/models/m:doSomething", {}, GEMINI);
  assert.equal(g.status, 404);
  assert.equal(((await g.json()) as { error: { status: string } }).error.status, "NOT_FOUND");
  assert.equal((await fetch(`${sim.url}/healthz`)).status, 200);
});

test("a non-streamed answer is one sized body", async () => {
  const r = await post(
    "/v1/chat/completions",
    { model: "gpt-4o", messages: [{ role: "user", content: "x" }] },
    OPENAI,
  );
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-length"), String((await r.clone().arrayBuffer()).byteLength));
});

test("Gemini: ?key= auth, the JSON-array stream, alt=sse with CRLF framing, countTokens", async () => {
  const body = { contents: [{ role: "user", parts: [{ text: "hey" }] }] };
  const arr = await fetch(`${sim.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?key=k`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  assert.equal(arr.status, 200);
  assert.match(arr.headers.get("content-type") ?? "", /^application\/json/);
  const chunks = (await arr.json()) as Array<{
    candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
  }>;
  assert.ok(Array.isArray(chunks) && chunks.length >= 1);
  assert.equal(chunks.map((c) => c.candidates?.[0]?.content?.parts?.[0]?.text ?? "").join(""), "Echo: hey");

  const sse = await post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", body, GEMINI);
  assert.match(sse.headers.get("content-type") ?? "", /^text\/event-stream/);
  const text = await sse.text();
  assert.match(text, /^data: \{.*\}\r\n\r\n/);
  assert.doesNotMatch(text.replace(/\r\n/g, ""), /\n/);

  const count = await post("/v1beta/models/gemini-2.5-flash:countTokens", body, GEMINI);
  assert.deepEqual(await count.json(), { totalTokens: 1 });
});

test("model lists: OpenAI's, Anthropic's (by its headers), Gemini's", async () => {
  const o = (await (await fetch(`${sim.url}/v1/models`, { headers: OPENAI })).json()) as { object: string };
  assert.equal(o.object, "list");
  const a = (await (await fetch(`${sim.url}/v1/models`, { headers: ANTHROPIC })).json()) as {
    has_more: boolean;
  };
  assert.equal(a.has_more, false);
  const g = (await (await fetch(`${sim.url}/v1beta/models?key=k`)).json()) as { models: unknown[] };
  assert.ok(g.models.length > 0);
  const one = (await (await fetch(`${sim.url}/v1/models/gpt-4o`, { headers: OPENAI })).json()) as {
    id: string;
  };
  assert.equal(one.id, "gpt-4o");
});

test("fail=N: the first N with the same model and fault fail, then answers come", async () => {
  const body = { model: "gpt-4o~error=503~fail=2", messages: [{ role: "user", content: "x" }] };
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await post("/v1/chat/completions", body, OPENAI)).status);
  assert.deepEqual(statuses, [503, 503, 200]);
  const other = await post("/v1/chat/completions", { ...body, model: "gpt-4.1~error=503~fail=2" }, OPENAI);
  assert.equal(other.status, 503, "another model counts apart");
});

test("headers carry the same controls as suffixes", async () => {
  const r = await post(
    "/v1/messages",
    { model: "claude-x", max_tokens: 5, messages: [{ role: "user", content: "x" }] },
    { ...ANTHROPIC, "x-sim-error": "429", "x-sim-retry-after": "7" },
  );
  assert.equal(r.status, 429);
  assert.equal(r.headers.get("retry-after"), "7");
  assert.equal(r.headers.get("retry-after-ms"), "7000");
  await r.arrayBuffer();
});

test("controls work on the auxiliary endpoints too", async () => {
  const r = await post("/v1/embeddings", { model: "text-embedding-3-small~error=500", input: "x" }, OPENAI);
  assert.equal(r.status, 500);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, "server_error");
  const ok = await post("/v1/embeddings", { model: "text-embedding-3-small~latency=1", input: "x" }, OPENAI);
  assert.equal(((await ok.json()) as { model: string }).model, "text-embedding-3-small");
});

test("disconnect=0 on a stream: headers, then the connection ends before any event", async () => {
  const r = await post(
    "/v1/chat/completions",
    { model: "gpt-4o~disconnect=0", stream: true, messages: [{ role: "user", content: "x" }] },
    OPENAI,
  );
  assert.equal(r.status, 200);
  await assert.rejects(r.text(), /terminated/);
});

test("a hang is let go when the simulator closes", async () => {
  const own = await startSimulator({ port: 0 });
  const pending = fetch(`${own.url}/v1/responses`, {
    method: "POST",
    headers: OPENAI,
    body: JSON.stringify({ model: "gpt-5~hang", input: "x" }),
  }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  await own.close();
  assert.ok(Date.now() - t0 < 1000);
  assert.ok((await pending) instanceof Error, "the client sees the connection go");
});

test("a paced stream is let go when the client leaves", async () => {
  const r = await post(
    "/v1/chat/completions",
    { model: "gpt-4o~tps=1~chunk=1", stream: true, messages: [{ role: "user", content: "slow" }] },
    OPENAI,
  );
  const reader = r.body!.getReader();
  await reader.read();
  await reader.cancel();
  // the server must still answer others at once
  const t0 = Date.now();
  await (
    await post(
      "/v1/chat/completions",
      { model: "gpt-4o", messages: [{ role: "user", content: "x" }] },
      OPENAI,
    )
  ).json();
  assert.ok(Date.now() - t0 < 500);
});

test("simulatorHandler mounts on any node:http server", async () => {
  const server = createServer(simulatorHandler());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const { port } = server.address() as AddressInfo;
    const r = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: "POST",
      headers: OPENAI,
      body: JSON.stringify({ model: "gpt-5", input: "mounted" }),
    });
    const body = (await r.json()) as { output: Array<{ content: Array<{ text: string }> }> };
    assert.equal(body.output[0]?.content[0]?.text, "Echo: mounted");
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
