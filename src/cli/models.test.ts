import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FAKE_MODELS } from "../server/test-kit.ts";
import { modelTable } from "./models.ts";

describe("modelTable", () => {
  it("aligns columns, prices per million tokens, aliases with their targets", () => {
    const t = modelTable([
      ...FAKE_MODELS,
      {
        id: "gemini-2.5-pro",
        object: "model",
        created: 0,
        owned_by: "gemini",
        capabilities: ["chat"],
        pricing: { input: 1.25e-6, output: 1e-5 },
        limits: { context_window: 1_048_576, max_output_tokens: 65_536 },
      },
    ]);
    assert.equal(
      t,
      [
        "MODEL           PROVIDER  CONTEXT  MAX OUT  $/M IN  $/M OUT  CAPABILITIES",
        "gpt-4o-mini     openai       128k      16k    0.15     0.60  chat,tools,vision",
        "fast            alias                                        → gpt-4o-mini",
        "gemini-2.5-pro  gemini      1.05M      66k    1.25    10.00  chat",
        "",
      ].join("\n"),
    );
  });
});
