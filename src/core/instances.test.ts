import assert from "node:assert/strict";
import { test } from "node:test";
import { startSimulator } from "../simulator/index.ts";
import { createGateway } from "./gateway.ts";

test("a named instance of a provider is reached as name/model, with its own key and base URL", async () => {
  const sim = await startSimulator({ port: 0 });
  const gateway = createGateway({
    env: {},
    providers: { "anthropic-eu": { type: "anthropic", apiKey: "k-eu", baseURL: sim.url } },
  });
  try {
    const headers = () => undefined;
    const body = { model: "anthropic-eu/claude-haiku-4-5", messages: [{ role: "user", content: "hello" }] };
    const ok = await gateway.handle({ surface: "openai-chat", body, headers });
    assert.equal(ok.kind, "json");
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["x-switchyard-provider"], "anthropic-eu");
    // the bare name still means the anthropic provider, which has no key here
    const bare = await gateway.handle({
      surface: "openai-chat",
      body: { ...body, model: "claude-haiku-4-5" },
      headers,
    });
    assert.equal(bare.status, 401);
    assert.ok(!JSON.stringify(bare).includes("k-eu"));
  } finally {
    await gateway.close();
    await sim.close();
  }
});

test("an instance of an unknown provider type is a clear error", () => {
  assert.throws(
    () => createGateway({ env: {}, providers: { mine: { type: "nope" } } }),
    /providers\.mine: unknown provider/,
  );
});
