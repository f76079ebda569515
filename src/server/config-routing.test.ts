import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseConfig } from "./config.ts";

test("pools, retry and cooldown reach the gateway config", () => {
  const c = parseConfig(
    [
      "pools:",
      "  fast-chat: [gemini-2.5-flash, claude-haiku-4-5]",
      "  text-generation: { strategy: round_robin, models: [gpt-4o-mini, claude-haiku-4-5] }",
      "retry: { max_attempts_per_candidate: 3, base_delay_ms: 100 }",
      "cooldown: { failures: 2, cooldown_ms: 5000 }",
    ].join("\n"),
    { env: {} },
  );
  assert.deepEqual(c.gateway.pools, {
    "fast-chat": ["gemini-2.5-flash", "claude-haiku-4-5"],
    "text-generation": { strategy: "round_robin", models: ["gpt-4o-mini", "claude-haiku-4-5"] },
  });
  assert.deepEqual(c.gateway.retry, { maxAttemptsPerCandidate: 3, baseDelayMs: 100 });
  assert.deepEqual(c.gateway.cooldown, { failures: 2, cooldownMs: 5000 });
});

test("a bad pool or an unknown retry key names the key and its line", () => {
  try {
    parseConfig(
      ["pools:", "  p: { strategy: fastest, models: [a] }", "retry: { max_attempts_per_candidat: 2 }"].join(
        "\n",
      ),
      {
        env: {},
      },
    );
    assert.fail("expected a ConfigError");
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const text = String(e.message);
    assert.match(text, /:2: pools\.p\.strategy/);
    assert.match(
      text,
      /:3: retry\.max_attempts_per_candidat: unknown key.*did you mean .?max_attempts_per_candidate/,
    );
  }
});
