import assert from "node:assert/strict";
import { test } from "node:test";
import { PROVIDERS } from "../providers/registry.ts";
import { deploymentInfo, deploymentKey, toDeployments } from "./deployments.ts";

test("candidates resolve to deployments keyed provider/model, knobs kept, duplicates once", () => {
  const out = toDeployments(
    [{ id: "gpt-4o-mini", weight: 2 }, { id: "fast" }, { id: "openai/gpt-4o-mini" }],
    { providers: PROVIDERS, aliases: { fast: ["gemini-2.5-flash", "anthropic/claude-haiku-4-5"] } },
  );
  assert.deepEqual(out, [
    {
      id: "openai/gpt-4o-mini",
      name: "gpt-4o-mini",
      weight: 2,
      deployment: { provider: "openai", model: "gpt-4o-mini" },
    },
    {
      id: "gemini/gemini-2.5-flash",
      name: "fast",
      deployment: { provider: "gemini", model: "gemini-2.5-flash" },
    },
    {
      id: "anthropic/claude-haiku-4-5",
      name: "fast",
      deployment: { provider: "anthropic", model: "claude-haiku-4-5" },
    },
  ]);
  assert.equal(
    deploymentKey({ provider: "openrouter", model: "meta-llama/x:free" }),
    "openrouter/meta-llama/x:free",
  );
  assert.equal(deploymentInfo(out[1]!)?.contextWindow, 1_048_576);
  assert.equal(deploymentInfo({ id: "nope" }), undefined);
});
