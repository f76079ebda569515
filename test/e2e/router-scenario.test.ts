/**
 * Issue 5's scenario, end to end and offline: three providers (official SDK clients pointed at
 * the simulator) classify a text; a judge on another provider reasons about their answers
 * with reasoning summaries on; the conversation continues on a third provider; it is saved to
 * JSON and loaded back unchanged.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import {
  ChatMessage,
  conversationToJSON,
  loadConversation,
  saveConversation,
} from "../../src/client/chat-message.ts";
import { Router } from "../../src/client/router.ts";
import { startSimulator } from "../../src/simulator/index.ts";

const TEXT = "The battery died after two days and support never answered.";
const verdict = {
  format: {
    type: "json_schema" as const,
    name: "sentiment",
    strict: true,
    schema: {
      type: "object",
      properties: { label: { type: "string", enum: ["negative", "neutral", "positive"] } },
      required: ["label"],
      additionalProperties: false,
    },
  },
};

test("three providers classify, a judge reasons, the talk moves on, and it all saves and loads", async () => {
  const sim = await startSimulator({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), "sy-router-"));
  const router = new Router()
    .register("openai", new OpenAI({ apiKey: "sk-o", baseURL: `${sim.url}/v1` }))
    .register("anthropic", new Anthropic({ apiKey: "sk-a", baseURL: sim.url }))
    .register("gemini", new GoogleGenAI({ apiKey: "g-k", httpOptions: { baseUrl: sim.url } }))
    // the judge: a second Anthropic client (its own key), addressed as judge/<model>
    .register("judge", new Anthropic({ apiKey: "sk-judge", baseURL: sim.url }));
  try {
    const conversation: ChatMessage[] = [
      ChatMessage.system("Classify the sentiment of the user's text."),
      ChatMessage.user(TEXT),
    ];

    // 1. three providers classify the same text
    const models = ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"];
    const classifications = await Promise.all(
      models.map((model) =>
        router.create({ model, input: conversation, text: verdict, max_output_tokens: 256 }),
      ),
    );
    const providers: string[] = [];
    for (const res of classifications) {
      assert.equal(res.error, undefined);
      assert.equal(res.status, "completed");
      const answer = res.output.at(-1)!;
      assert.deepEqual(JSON.parse(answer.text), { label: "negative" });
      assert.equal(answer.createdBy, `${res.provider}/${res.model}`);
      providers.push(res.provider);
    }
    assert.deepEqual(providers, ["openai", "anthropic", "gemini"]);
    for (const res of classifications) {
      conversation.push(
        ...res.output.map(
          (m) => new ChatMessage(m.message, { ...m.toJSON(), metadata: { role: "classifier" } }),
        ),
      );
    }

    // 2. a judge on another provider, reasoning summaries on
    conversation.push(ChatMessage.user("Which classification is right?"));
    const judged = await router.create({
      model: "judge/claude-sonnet-4-5",
      input: conversation,
      reasoning: { effort: "medium", summary: "auto" },
      include: ["reasoning.encrypted_content"],
      max_output_tokens: 64000,
    });
    assert.equal(judged.error, undefined);
    assert.equal(judged.provider, "judge");
    const reasoning = judged.output.find((m) => m.message.type === "reasoning");
    assert.ok(reasoning !== undefined, "the judge's reasoning comes back as a reasoning item");
    assert.equal(reasoning.text, "Thinking about: Which classification is right?");
    assert.equal(reasoning.interop?.anthropic?.origin, true, "its signature is marked as Anthropic's");
    assert.ok((judged.usage?.reasoning_tokens ?? 0) > 0);
    assert.equal(judged.output.at(-1)?.text, "Echo: Which classification is right?");
    conversation.push(...judged.output);

    // 3. the conversation continues on a third provider: Claude's signature cannot go there
    conversation.push(ChatMessage.user("Say it in one word."));
    const reasoningAt = conversation.indexOf(reasoning);
    const next = await router.create({ model: "gemini-2.5-pro", input: conversation });
    assert.equal(next.error, undefined);
    assert.equal(next.output.at(-1)?.text, "Echo: Say it in one word.");
    assert.ok(
      next.dropped.some((d) => d.path.startsWith(`input[${reasoningAt}]`)),
      `the Anthropic signature is dropped and reported: ${JSON.stringify(next.dropped)}`,
    );
    conversation.push(...next.output);

    // ... and back on the judge's family, the signature is sent again (nothing about it dropped)
    conversation.push(ChatMessage.user("Thanks."));
    const back = await router.create({ model: "claude-haiku-4-5", input: conversation });
    assert.equal(back.error, undefined);
    assert.ok(
      !back.dropped.some((d) => d.path.startsWith(`input[${reasoningAt}]`)),
      JSON.stringify(back.dropped),
    );
    conversation.push(...back.output);

    // 4. saved to JSON and loaded back unchanged
    const path = join(dir, "conversation.json");
    await saveConversation(path, conversation);
    const loaded = await loadConversation(path);
    assert.deepEqual(loaded, conversation);
    assert.equal(conversationToJSON(loaded), await readFile(path, "utf8"));
    assert.ok(loaded.every((m) => m instanceof ChatMessage));

    // the loaded conversation is as good as the original: it continues anywhere
    const again = await router.create({ model: "gpt-4o-mini", input: [...loaded, ChatMessage.user("Bye.")] });
    assert.equal(again.error, undefined);
    assert.equal(again.output.at(-1)?.text, "Echo: Bye.");
  } finally {
    await router.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
