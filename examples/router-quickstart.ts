/**
 * Router quick start, offline: the simulator stands in for OpenAI, Anthropic and Gemini, and
 * the official SDK clients are registered as they are. Run: `node examples/router-quickstart.ts`.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { ChatMessage } from "../src/client/chat-message.ts";
import { Router } from "../src/client/router.ts";
import { startSimulator } from "../src/simulator/index.ts";

const sim = await startSimulator({ port: 0 });
const router = new Router();
router.register("openai", new OpenAI({ apiKey: "sk-demo", baseURL: `${sim.url}/v1` }));
router.register("anthropic", new Anthropic({ apiKey: "sk-demo", baseURL: sim.url }));
router.register("gemini", new GoogleGenAI({ apiKey: "demo", httpOptions: { baseUrl: sim.url } }));

try {
  const messages: ChatMessage[] = [ChatMessage.user("What is a switchyard?")];
  // one conversation, three providers in turn: each answer is pushed and sent to the next
  for (const model of ["claude-haiku-4-5", "gemini-2.5-flash", "gpt-4o-mini"]) {
    const res = await router.create({
      input: messages,
      model,
      instructions: "Answer in one sentence.",
      reasoning: { effort: "medium", summary: "auto" },
      include: ["reasoning.encrypted_content"],
      max_output_tokens: 64000,
    });
    if (res.error !== undefined) throw res.error;
    for (const m of res.output) console.log(`[${m.createdBy}] ${m.message.type}: ${m.text}`);
    console.log(`  usage ${JSON.stringify(res.usage)}  ${res.durationMs.toFixed(0)} ms`);
    for (const d of res.dropped) console.log(`  dropped ${d.path}: ${d.reason}`);
    messages.push(...res.output, ChatMessage.user(`And according to ${model}?`));
  }
  const count = await router.countTokens({ model: "claude-haiku-4-5", input: messages });
  console.log(`the conversation is ${count.inputTokens} input tokens for ${count.model} (${count.method})`);
} finally {
  await router.close();
  await sim.close();
}
