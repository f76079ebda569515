/**
 * DESIGN.md §7: the gaps of InteropRouter (the library this API follows), each shown closed —
 * by what the provider receives (a capture server) or what comes back (the simulator).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startSimulator } from "../simulator/index.ts";
import { ChatMessage } from "./chat-message.ts";
import { Router } from "./router.ts";
import { anthropicAnswer, type Captured, geminiAnswer, startCapture } from "./router-test-kit.ts";
import type { RouterResponse } from "./router-types.ts";

let sim: { url: string; close(): Promise<void> };
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

/** Runs one call against a capture server speaking `type`'s format; returns what it saw. */
async function captured(
  type: "anthropic" | "gemini",
  params: Omit<Parameters<Router["create"]>[0], "model"> & { model?: string },
  answer: unknown = type === "anthropic" ? anthropicAnswer() : geminiAnswer(),
  contentType = "application/json",
): Promise<{ seen: Captured; res: RouterResponse }> {
  const cap = await startCapture({ body: answer, contentType });
  const r = new Router().register(type, { type, apiKey: "k", baseURL: cap.url });
  try {
    const model = params.model ?? (type === "anthropic" ? "claude-haiku-4-5" : "gemini-2.5-flash");
    let res: RouterResponse;
    if (params.stream === true) {
      const gen = r.create({ ...params, model, stream: true });
      let step = await gen.next();
      while (step.done !== true) step = await gen.next();
      res = step.value;
    } else {
      res = await r.create({ ...params, model, stream: false });
    }
    return { seen: cap.seen[0]!, res };
  } finally {
    await r.close();
    await cap.close();
  }
}

test("instructions reach Anthropic as the system prompt (and Gemini as systemInstruction)", async () => {
  const a = await captured("anthropic", { input: "hi", instructions: "Answer in French." });
  assert.equal(a.seen.body.system, "Answer in French.");
  const g = await captured("gemini", { input: "hi", instructions: "Answer in French." });
  assert.deepEqual(g.seen.body.systemInstruction, { parts: [{ text: "Answer in French." }] });
});

test("system messages with list content are kept, next to instructions", async () => {
  const system = new ChatMessage({
    type: "message",
    role: "system",
    content: [
      { type: "input_text", text: "Rule one." },
      { type: "input_text", text: "Rule two." },
    ],
  });
  const input = [system, ChatMessage.user("hi")];
  const a = await captured("anthropic", { input, instructions: "Be brief." });
  const sys = JSON.stringify(a.seen.body.system);
  for (const t of ["Be brief.", "Rule one.", "Rule two."]) assert.ok(sys.includes(t), `${t} in ${sys}`);
  const g = await captured("gemini", { input });
  const gs = JSON.stringify(g.seen.body.systemInstruction);
  assert.ok(gs.includes("Rule one.") && gs.includes("Rule two."), gs);
});

const redacted = new ChatMessage(
  {
    type: "reasoning",
    id: "rs_r",
    summary: [],
    encrypted_content: "REDACTED-DATA",
    interop: { anthropic: { origin: true, redacted: true } },
  },
  { createdBy: "anthropic/claude-sonnet-4-5" },
);

test("redacted thinking goes back to Anthropic as redacted_thinking, and is dropped (reported) elsewhere", async () => {
  const input = [ChatMessage.user("q"), redacted, ChatMessage.assistant("a"), ChatMessage.user("more")];
  const a = await captured("anthropic", { input });
  const assistant = (a.seen.body.messages as Array<{ role: string; content: unknown }>).find(
    (m) => m.role === "assistant",
  );
  assert.deepEqual(((assistant?.content ?? []) as unknown[])[0], {
    type: "redacted_thinking",
    data: "REDACTED-DATA",
  });
  const g = await captured("gemini", { input });
  assert.ok(!JSON.stringify(g.seen.body).includes("REDACTED-DATA"));
  assert.ok(
    g.res.dropped.some((d) => d.path === "input[1].encrypted_content"),
    JSON.stringify(g.res.dropped),
  );
});

test("an Anthropic redacted_thinking answer comes back as a redacted reasoning item", async () => {
  const answer = {
    ...(anthropicAnswer() as object),
    content: [
      { type: "redacted_thinking", data: "OPAQUE" },
      { type: "text", text: "ok" },
    ],
  };
  const { res } = await captured("anthropic", { input: "hi" }, answer);
  const item = res.output[0]!;
  assert.equal(item.message.type, "reasoning");
  assert.deepEqual(item.interop?.anthropic, { origin: true, redacted: true });
});

test("stop reasons of Anthropic and Gemini are reported (max tokens → incomplete)", async () => {
  const a = await captured("anthropic", { input: "hi", max_output_tokens: 5 }, anthropicAnswer("max_tokens"));
  assert.equal(a.res.stopReason?.kind, "max_tokens");
  assert.equal(a.res.status, "incomplete");
  assert.deepEqual(a.res.incompleteDetails, { reason: "max_output_tokens" });
  const r = await captured("anthropic", { input: "hi" }, anthropicAnswer("refusal"));
  assert.equal(r.res.stopReason?.kind, "refusal");
  const g = await captured("gemini", { input: "hi" }, geminiAnswer("MAX_TOKENS"));
  assert.equal(g.res.stopReason?.kind, "max_tokens");
  assert.deepEqual(g.res.incompleteDetails, { reason: "max_output_tokens" });
  const s = await captured("gemini", { input: "hi" }, geminiAnswer("SAFETY"));
  assert.equal(s.res.stopReason?.kind, "content_filter");
  assert.deepEqual(s.res.incompleteDetails, { reason: "content_filter" });
  const done = await captured("gemini", { input: "hi" });
  assert.equal(done.res.stopReason?.kind, "end_turn");
  assert.equal(done.res.incompleteDetails, undefined);
});

const schema = {
  type: "object",
  properties: { label: { type: "string", enum: ["positive", "negative"] }, score: { type: "integer" } },
  required: ["label", "score"],
  additionalProperties: false,
};
const jsonText = { format: { type: "json_schema" as const, name: "verdict", schema, strict: true } };

test("structured output reaches Anthropic and Gemini in their own form", async () => {
  const a = await captured("anthropic", { input: "hi", text: jsonText });
  assert.deepEqual((a.seen.body.output_config as { format?: { schema?: unknown } }).format?.schema, schema);
  const g = await captured("gemini", { input: "hi", text: jsonText });
  const gc = g.seen.body.generationConfig as Record<string, unknown>;
  assert.equal(gc.responseMimeType, "application/json");
  assert.ok(gc.responseJsonSchema !== undefined || gc.responseSchema !== undefined);
});

test("structured output comes back as JSON from every provider (simulator)", async () => {
  const r = new Router()
    .register("anthropic", { type: "anthropic", apiKey: "k", baseURL: sim.url })
    .register("gemini", { type: "gemini", apiKey: "k", baseURL: sim.url })
    .register("openai", { type: "openai", apiKey: "k", baseURL: `${sim.url}/v1` });
  try {
    for (const model of ["claude-haiku-4-5", "gemini-2.5-flash", "gpt-4o-mini"]) {
      const res = await r.create({ model, input: "great product", text: jsonText });
      const parsed = JSON.parse(res.output.at(-1)!.text) as { label: string; score: number };
      assert.equal(parsed.label, "positive", model);
      assert.equal(typeof parsed.score, "number");
    }
  } finally {
    await r.close();
  }
});

test("usage never holds -1: counts Gemini omits (proto3 zeros) are 0, cache and reasoning included", async () => {
  const { res } = await captured("gemini", { input: "hi" });
  assert.equal(res.usage?.input_tokens, 3);
  assert.equal(res.usage?.output_tokens, 1);
  assert.equal(res.usage?.reasoning_tokens, 0);
  assert.equal(res.usage?.cached_input_tokens, 0);
  assert.equal(res.usage?.total_tokens, 4);
  const r = new Router().register("gemini", { type: "gemini", apiKey: "k", baseURL: sim.url });
  try {
    const withThinking = await r.create({
      model: "gemini-2.5-flash",
      input: "x",
      reasoning: { effort: "low" },
    });
    for (const v of Object.values(withThinking.usage ?? {})) assert.ok(v >= 0);
    assert.ok((withThinking.usage?.reasoning_tokens ?? 0) > 0);
  } finally {
    await r.close();
  }
});

test("cache_control breakpoints are kept when streaming, as when not", async () => {
  const cached = new ChatMessage({
    type: "message",
    role: "user",
    content: [
      {
        type: "input_text",
        text: "a long document",
        interop: { anthropic: { cache_control: { type: "ephemeral" } } },
      } as never,
    ],
  });
  for (const stream of [false, true]) {
    const { seen, res } = await captured("anthropic", { input: [cached], stream });
    assert.equal(res.error, undefined);
    assert.equal(seen.body.stream, stream);
    const part = ((seen.body.messages as Array<{ content: unknown[] }>)[0]?.content ?? [])[0];
    assert.deepEqual(
      (part as { cache_control?: unknown }).cache_control,
      { type: "ephemeral" },
      `stream ${stream}`,
    );
  }
});
