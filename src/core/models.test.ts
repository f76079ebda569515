import assert from "node:assert/strict";
import { test } from "node:test";
import { createGateway } from "./gateway.ts";

test("models(): catalog models of configured providers, then aliases with their targets", async () => {
  const g = createGateway({
    env: { ANTHROPIC_API_KEY: "sk-ant-test-0123456789" },
    aliases: { smart: ["claude-sonnet-4-5", "gpt-4.1"], broken: "no-such-model" },
  });
  try {
    const rows = g.models();
    const ids = rows.map((r) => r.id);
    assert.ok(ids.includes("claude-sonnet-4-5"));
    assert.ok(!ids.some((id) => id.startsWith("gpt-")), "OpenAI has no key: not listed");
    assert.ok(!rows.some((r) => r.owned_by === "ollama"), "local servers are listed only when named");
    const claude = rows.find((r) => r.id === "claude-sonnet-4-5");
    assert.equal(claude?.object, "model");
    assert.equal(claude?.owned_by, "anthropic");
    assert.ok(claude?.capabilities.includes("tools"));
    assert.ok((claude?.limits?.context_window ?? 0) > 0);
    assert.ok((claude?.pricing?.input ?? 0) > 0);
    assert.equal(typeof claude?.created, "number");
    const smart = rows.find((r) => r.id === "smart");
    assert.equal(smart?.owned_by, "switchyard");
    assert.deepEqual(smart?.targets, ["anthropic/claude-sonnet-4-5", "openai/gpt-4.1"]);
    assert.ok(smart?.capabilities.includes("chat"));
    assert.deepEqual(rows.find((r) => r.id === "broken")?.targets, ["no-such-model"]);
  } finally {
    await g.close();
  }
});

test("models(): a local server is listed once the config names it", async () => {
  const g = createGateway({ env: {}, providers: { ollama: { baseURL: "http://127.0.0.1:1/v1" } } });
  try {
    // the catalog holds no Ollama models; naming it must not list anyone else's
    assert.deepEqual(g.models(), []);
  } finally {
    await g.close();
  }
});
