import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { startSimulator } from "../simulator/index.ts";
import { countIRTokens } from "./ir-count.ts";
import { createIRCore, type IRRunOutcome, planIR, runIR, streamIR } from "./ir-run.ts";

test("runIR and streamIR: an IR request in, an IR answer (or events) out, through the gateway's providers", async () => {
  const sim = await startSimulator({ port: 0 });
  const core = createIRCore({
    env: {},
    providers: {
      anthropic: { apiKey: "k", baseURL: sim.url },
      g2: { type: "gemini", apiKey: "k", baseURL: sim.url },
    },
  });
  try {
    const ok = await runIR(core, { model: "claude-haiku-4-5", input: "hi" });
    assert.equal(ok.error, undefined);
    assert.equal(ok.provider, "anthropic");
    assert.equal(ok.format, "anthropic-messages");
    assert.equal(ok.response?.output.at(-1)?.type, "message");

    const events: IRStreamEvent[] = [];
    const gen = streamIR(core, { model: "g2/gemini-2.5-flash", input: "hi" });
    let step = await gen.next();
    while (step.done !== true) {
      events.push(step.value);
      step = await gen.next();
    }
    const outcome: IRRunOutcome = step.value;
    assert.equal(outcome.provider, "g2");
    assert.equal(events.at(-1)?.type, "response.completed");
    assert.equal(outcome.response?.status, "completed");

    const failed = await runIR(core, { model: "claude-haiku-4-5~error=529", input: "hi" });
    assert.equal(failed.error?.kind, "overloaded");
    assert.equal(failed.response, undefined);

    assert.throws(() => planIR(core, { input: "hi" }), SwitchyardError);
    assert.throws(() => planIR(core, { model: "gemini-2.5-flash", input: "hi" }), /no API key/);
    const withExtra = planIR(
      core,
      { model: "claude-haiku-4-5", input: "hi" },
      { extraBody: { top_k: 2, metadata: { user_id: "u" } } },
    );
    assert.equal(withExtra.body.top_k, 2);

    const count = await countIRTokens(core, { model: "claude-haiku-4-5", input: "count me" });
    assert.equal(count.method, "provider");
    assert.ok(count.inputTokens > 0);
  } finally {
    await core.close();
    await sim.close();
  }
});
