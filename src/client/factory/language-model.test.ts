import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type RunningSimulator, startSimulator } from "../../simulator/index.ts";
import { AIFactory } from "./factory.ts";
import type { LanguageModel } from "./language-model.ts";
import { startRecordingProxy } from "./test-proxy.ts";

let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

const MODELS = { openai: "gpt-4o-mini", anthropic: "claude-haiku-4-5", gemini: "gemini-2.5-flash" } as const;

function baseURL(provider: string, url: string): string {
  return provider === "openai" ? `${url}/v1` : url;
}

function model(provider: keyof typeof MODELS, suffix = ""): LanguageModel {
  return AIFactory.createLanguage(provider, `${MODELS[provider]}${suffix}`, {
    apiKey: "test-key",
    baseURL: baseURL(provider, sim.url),
    env: {},
  });
}

for (const provider of ["openai", "anthropic", "gemini"] as const) {
  test(`${provider}: chatComplete answers with text, usage and a stop reason`, async () => {
    await using m = model(provider);
    const res = await m.chatComplete([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hello there" },
    ]);
    assert.equal(res.text, "Echo: hello there");
    assert.equal(res.stopReason, "end_turn");
    assert.equal(res.provider, provider);
    assert.ok((res.usage.input_tokens ?? 0) > 0);
    assert.ok((res.usage.output_tokens ?? 0) > 0);
    assert.equal(res.raw.output[0]?.type, "message");
  });

  test(`${provider}: stream yields text deltas, then the final usage`, async () => {
    await using m = model(provider);
    const stream = m.stream([{ role: "user", content: "a somewhat longer sentence to stream back" }]);
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    assert.ok(deltas.length > 1, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.join(""), "Echo: a somewhat longer sentence to stream back");
    const final = await stream.final();
    assert.equal(final.text, deltas.join(""));
    assert.ok((final.usage.output_tokens ?? 0) > 0);
    assert.equal(final.stopReason, "end_turn");
  });

  if (provider !== "anthropic")
    test(`${provider}: JSON mode (the provider's own) comes back parsed`, async () => {
      await using m = model(provider);
      const res = await m.chatComplete([{ role: "user", content: "classify me" }], {
        structured: { type: "json" },
      });
      assert.deepEqual(res.json, { text: "classify me" });
    });
}

test("anthropic: JSON mode without a schema is asked for in the system prompt and parsed leniently", async () => {
  const proxy = await startRecordingProxy(sim.url);
  try {
    await using m = AIFactory.createLanguage("anthropic", MODELS.anthropic, {
      apiKey: "k",
      baseURL: proxy.url,
      env: {},
    });
    // the simulator echoes: "Echo: {...}" — prose around the object, as a chatty model might
    const res = await m.chatComplete(
      [
        { role: "system", content: "You classify." },
        { role: "user", content: '{"label":"ham"}' },
      ],
      { structured: { type: "json" } },
    );
    assert.deepEqual(res.json, { label: "ham" });
    const body = proxy.bodies.at(-1) as { system: unknown };
    assert.match(JSON.stringify(body.system), /You classify\.[^"]*Answer with exactly one JSON object/);
    const bad = m.chatComplete([{ role: "user", content: "no json here" }], { structured: { type: "json" } });
    await assert.rejects(bad, /not valid JSON/);
  } finally {
    await proxy.close();
  }
});

test("JSON mode with a schema", async () => {
  await using m = model("anthropic");
  const schema = {
    type: "object",
    properties: { label: { type: "string", enum: ["spam", "ham"] }, score: { type: "number" } },
    required: ["label", "score"],
    additionalProperties: false,
  };
  const res = await m.chatComplete([{ role: "user", content: "x" }], {
    structured: { type: "json", schema },
  });
  assert.deepEqual(res.json, { label: "spam", score: 1 });
});

test("final() drains a stream nobody iterated", async () => {
  await using m = model("gemini");
  const res = await m.stream([{ role: "user", content: "hi" }]).final();
  assert.equal(res.text, "Echo: hi");
});

test("a hanging provider ends in a clear timeout error", async () => {
  for (const provider of ["openai", "anthropic"] as const) {
    await using m = model(provider, "~hang");
    const started = Date.now();
    await assert.rejects(m.chatComplete([{ role: "user", content: "hi" }], { timeout: 100 }), (e: Error) => {
      assert.match(e.message, /timeout/);
      assert.match(e.message, /100 ms/);
      assert.equal((e as { kind?: string }).kind, "timeout");
      return true;
    });
    assert.ok(Date.now() - started < 2000);
  }
});

test("a stream slower than its timeout ends in a timeout error", async () => {
  await using m = model("openai", "~ttft=2000");
  const stream = m.stream([{ role: "user", content: "hi" }], { timeout: 100 });
  await assert.rejects(
    (async () => {
      for await (const _ of stream) {
        // consume
      }
    })(),
    /timeout/,
  );
});

test("the model's default timeout applies, a call's own wins", async () => {
  await using m = AIFactory.createLanguage("gemini", "gemini-2.5-flash~latency=300", {
    apiKey: "k",
    baseURL: sim.url,
    env: {},
    timeout: 50,
  });
  await assert.rejects(m.chatComplete([{ role: "user", content: "hi" }]), /timeout/);
  const ok = await m.chatComplete([{ role: "user", content: "hi" }], { timeout: 5000 });
  assert.equal(ok.text, "Echo: hi");
});

test("temperature and maxTokens reach the provider in its own shape", async () => {
  const proxy = await startRecordingProxy(sim.url);
  try {
    const cases = [
      { provider: "openai", temperature: "temperature", max: "max_output_tokens" },
      { provider: "anthropic", temperature: "temperature", max: "max_tokens" },
    ] as const;
    for (const c of cases) {
      await using m = AIFactory.createLanguage(c.provider, MODELS[c.provider], {
        apiKey: "k",
        baseURL: baseURL(c.provider, proxy.url),
        env: {},
        temperature: 0.9,
      });
      await m.chatComplete([{ role: "user", content: "hi" }], { temperature: 0.3, maxTokens: 77 });
      const body = proxy.bodies.at(-1) as Record<string, unknown>;
      assert.equal(body[c.temperature], 0.3, c.provider);
      assert.equal(body[c.max], 77, c.provider);
    }
    await using g = AIFactory.createLanguage("gemini", MODELS.gemini, {
      apiKey: "k",
      baseURL: proxy.url,
      env: {},
      temperature: 0.2,
      maxTokens: 55,
    });
    await g.chatComplete([{ role: "user", content: "hi" }], { structured: { type: "json" } });
    const body = proxy.bodies.at(-1) as { generationConfig: Record<string, unknown> };
    assert.equal(body.generationConfig.temperature, 0.2);
    assert.equal(body.generationConfig.maxOutputTokens, 55);
    assert.equal(body.generationConfig.responseMimeType, "application/json");
  } finally {
    await proxy.close();
  }
});

test("provider errors come back as typed errors, without the key", async () => {
  await using m = AIFactory.createLanguage("anthropic", "claude-haiku-4-5~error=429", {
    apiKey: "sk-secret-123",
    baseURL: sim.url,
    env: {},
  });
  await assert.rejects(m.chatComplete([{ role: "user", content: "hi" }]), (e: Error) => {
    assert.equal((e as { kind?: string }).kind, "rate_limit");
    assert.ok(!e.message.includes("sk-secret-123"));
    return true;
  });
});

test("a malformed message is a clear error", async () => {
  await using m = model("openai");
  await assert.rejects(
    m.chatComplete([{ role: "tool" as "user", content: "x" }]),
    /messages\[0\]: expected \{ role/,
  );
});

test("a stream cut mid-answer rejects instead of ending quietly", async () => {
  for (const provider of ["openai", "anthropic", "gemini"] as const) {
    await using m = model(provider, "~disconnect=3");
    const stream = m.stream([{ role: "user", content: "a long enough sentence to need several deltas" }]);
    await assert.rejects(stream.final(), (e: Error) => {
      assert.equal(e.name, "SwitchyardError", `${provider}: ${e.message}`);
      return true;
    });
  }
});
