/**
 * The scenario, offline: three providers classify a text, a judge on another provider
 * reasons about their answers (reasoning summaries on), the conversation continues on a third
 * provider, and it is saved to JSON and loaded back unchanged.
 * Run: `node examples/router-judge.ts [path.json]`.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import {
  ChatMessage,
  conversationToJSON,
  loadConversation,
  saveConversation,
} from "../src/client/chat-message.ts";
import { Router } from "../src/client/router.ts";
import { startSimulator } from "../src/simulator/index.ts";

const path = process.argv[2] ?? join(tmpdir(), "switchyard-conversation.json");
const sim = await startSimulator({ port: 0 });
const router = new Router()
  .register("openai", new OpenAI({ apiKey: "sk-demo", baseURL: `${sim.url}/v1` }))
  .register("anthropic", new Anthropic({ apiKey: "sk-demo", baseURL: sim.url }))
  .register("gemini", new GoogleGenAI({ apiKey: "demo", httpOptions: { baseUrl: sim.url } }))
  .register("judge", new Anthropic({ apiKey: "sk-judge", baseURL: sim.url }));

const sentiment = {
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

try {
  const conversation = [
    ChatMessage.system("Classify the sentiment of the user's text."),
    ChatMessage.user("The battery died after two days and support never answered."),
  ];
  for (const model of ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"]) {
    const res = await router.create({ model, input: conversation, text: sentiment });
    if (res.error !== undefined) throw res.error;
    console.log(`${res.provider}/${res.model} says ${res.output.at(-1)?.text}`);
    conversation.push(...res.output);
  }

  conversation.push(ChatMessage.user("Which classification is right?"));
  const judged = await router.create({
    model: "judge/claude-sonnet-4-5",
    input: conversation,
    reasoning: { effort: "medium", summary: "auto" },
    include: ["reasoning.encrypted_content"],
  });
  if (judged.error !== undefined) throw judged.error;
  for (const m of judged.output) console.log(`judge ${m.message.type}: ${m.text}`);
  conversation.push(...judged.output, ChatMessage.user("Say it in one word."));

  const next = await router.create({ model: "gemini-2.5-pro", input: conversation });
  if (next.error !== undefined) throw next.error;
  console.log(`gemini continues: ${next.output.at(-1)?.text}`);
  for (const d of next.dropped) console.log(`  dropped ${d.path}: ${d.reason}`);
  conversation.push(...next.output);

  await saveConversation(path, conversation);
  const loaded = await loadConversation(path);
  const same =
    isDeepStrictEqual(loaded, conversation) &&
    conversationToJSON(loaded) === conversationToJSON(conversation);
  console.log(`saved ${conversation.length} messages to ${path}; loaded back unchanged: ${same}`);
  if (!same) process.exitCode = 1;
} finally {
  await router.close();
  await sim.close();
}
