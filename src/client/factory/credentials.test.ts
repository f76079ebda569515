import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type RunningSimulator, startSimulator } from "../../simulator/index.ts";
import { AIFactory } from "./factory.ts";
import { type RecordingProxy, startRecordingProxy } from "./test-proxy.ts";

let sim: RunningSimulator;
let proxy: RecordingProxy;
before(async () => {
  sim = await startSimulator({ port: 0 });
  proxy = await startRecordingProxy(sim.url);
});
after(async () => {
  await proxy.close();
  await sim.close();
});

const hi = [{ role: "user", content: "hi" }] as const;

test("a parameter beats the environment", async () => {
  const env = { ANTHROPIC_API_KEY: "env-key", ANTHROPIC_BASE_URL: "http://127.0.0.1:9" };
  await using m = AIFactory.createLanguage("anthropic", "claude-haiku-4-5", {
    apiKey: "param-key",
    baseURL: proxy.url,
    env,
  });
  assert.equal(m.baseURL, proxy.url);
  const res = await m.chatComplete(hi);
  assert.equal(res.text, "Echo: hi");
  assert.equal(proxy.keys.at(-1), "param-key");
});

test("the environment beats the default", async () => {
  const env = { GEMINI_API_KEY: "env-key", GEMINI_BASE_URL: `${proxy.url}/` };
  await using m = AIFactory.createLanguage("gemini", "gemini-2.5-flash", { env });
  assert.equal(m.baseURL, proxy.url);
  await m.chatComplete(hi);
  assert.equal(proxy.keys.at(-1), "env-key");
  // GOOGLE_API_KEY is Gemini's second variable
  await using g = AIFactory.createEmbedding("gemini", "gemini-embedding-001", {
    env: { GOOGLE_API_KEY: "google-key", GEMINI_BASE_URL: proxy.url },
  });
  await g.embed(["x"]);
  assert.equal(proxy.keys.at(-1), "google-key");
});

test("the default base URL when neither says otherwise", () => {
  const cases = {
    openai: "https://api.openai.com/v1",
    anthropic: "https://api.anthropic.com",
    gemini: "https://generativelanguage.googleapis.com",
    openrouter: "https://openrouter.ai/api/v1",
  };
  for (const [provider, url] of Object.entries(cases)) {
    const m = AIFactory.createLanguage(provider, "m", { env: {} });
    assert.equal(m.baseURL, url);
    void m.close();
  }
});

test("no key anywhere: a clear error naming the variable, before any network call", async () => {
  await using m = AIFactory.createLanguage("openai", "gpt-4o-mini", { env: {} });
  await assert.rejects(m.chatComplete(hi), (e: Error) => {
    assert.equal((e as { kind?: string }).kind, "authentication");
    assert.match(e.message, /OPENAI_API_KEY/);
    return true;
  });
});

test("the process environment is the default source", async () => {
  const saved = { key: process.env.MISTRAL_API_KEY, url: process.env.MISTRAL_BASE_URL };
  process.env.MISTRAL_API_KEY = "process-key";
  process.env.MISTRAL_BASE_URL = `${proxy.url}/v1`;
  try {
    await using m = AIFactory.createLanguage("mistral", "mistral-small-latest");
    assert.equal(m.baseURL, `${proxy.url}/v1`);
    const res = await m.chatComplete(hi);
    assert.equal(res.text, "Echo: hi");
    assert.equal(proxy.keys.at(-1), "process-key");
  } finally {
    for (const [k, v] of [
      ["MISTRAL_API_KEY", saved.key],
      ["MISTRAL_BASE_URL", saved.url],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
