/** Replay mode over the recorded traffic in ../shared/wire (SWITCHYARD_WIRE_DIR). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { requireWire } from "../../test/support/wire.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { startSimulator } from "./index.ts";
import { frameChunks, ReplayCatalog } from "./replay.ts";
import type { RunningSimulator } from "./types.ts";

const wire = requireWire();
const catalog = new ReplayCatalog(wire);
let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({ port: 0, replayDir: wire });
});
after(() => sim.close());

test("first(): a recorded success of each format and kind, byte for byte", () => {
  const formats: FormatId[] = ["openai-responses", "openai-chat", "anthropic-messages", "gemini"];
  for (const f of formats) {
    for (const kind of ["json", "sse"] as const) {
      const fx = catalog.first(f, kind);
      assert.ok(fx, `${f} ${kind}`);
      assert.equal(fx.status, 200);
      if (!fx.name.endsWith(".chunks.txt"))
        assert.deepEqual(fx.bytes, readFileSync(join(wire, fx.name)), fx.name);
      if (kind === "json") assert.doesNotThrow(() => JSON.parse(fx.bytes.toString("utf8")), fx.name);
      else assert.match(fx.bytes.toString("utf8"), /^(event|data):/m, fx.name);
    }
  }
  const arr = catalog.first("gemini", "json-array");
  assert.ok(arr);
  assert.ok(Array.isArray(JSON.parse(arr.bytes.toString("utf8"))));
});

test("named(): inside the replay folder only", () => {
  const fx = catalog.named(
    "anthropic/messages/anthropic-sdk-python/basic_response.txt",
    "anthropic-messages",
  );
  assert.match(fx.contentType, /event-stream/);
  const refuse = (name: string) =>
    assert.throws(
      () => catalog.named(name, "openai-chat"),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "not_found",
    );
  refuse("../../etc/passwd");
  refuse("openai/nothing-here.json");
  refuse("openai");
});

test("frameChunks frames one payload a line as INDEX.md says", () => {
  assert.equal(frameChunks("openai-chat", '{"a":1}\n\n'), 'data: {"a":1}\n\ndata: [DONE]\n\n');
  assert.equal(frameChunks("gemini", '{"a":1}\n'), 'data: {"a":1}\r\n\r\n');
  assert.equal(
    frameChunks("anthropic-messages", '{"type":"ping"}'),
    'event: ping\ndata: {"type":"ping"}\n\n',
  );
});

test("over HTTP: the chosen fixture, verbatim, read by the official SDK", async () => {
  const name = "anthropic/messages/llm-anthropic/extracted/test_async_prompt.0.response.sse";
  const client = new Anthropic({ apiKey: "k", baseURL: sim.url, maxRetries: 0 });
  const msg = await client.messages
    .stream(
      { model: "claude-x", max_tokens: 10, messages: [{ role: "user", content: "x" }] },
      { headers: { "x-sim-fixture": name } },
    )
    .finalMessage();
  assert.ok(msg.content.length > 0);

  const raw = await fetch(`${sim.url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": "k", "x-sim-fixture": name },
    body: JSON.stringify({ stream: true }),
  });
  assert.deepEqual(Buffer.from(await raw.arrayBuffer()), readFileSync(join(wire, name)));
});

test("over HTTP: the first success by default; controls still apply", async () => {
  const openai = new OpenAI({ apiKey: "k", baseURL: `${sim.url}/v1`, maxRetries: 0 });
  const r = await openai.responses.create({ model: "gpt-x", input: "ignored" });
  assert.equal(r.object, "response");
  await assert.rejects(
    openai.responses.create({ model: "gpt-x~error=429", input: "x" }),
    OpenAI.RateLimitError,
  );
  const missing = await openai.responses
    .create({ model: "gpt-x", input: "x" }, { headers: { "x-sim-fixture": "nope.json" } })
    .catch((e) => e);
  assert.ok(missing instanceof OpenAI.NotFoundError);
});
