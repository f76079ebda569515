/**
 * The official SDKs as strict readers of what Switchyard writes: each helper hands a body to
 * an SDK client through an in-memory `fetch`, so no socket is opened, and returns what the
 * SDK made of it (or the body the SDK itself would send).
 */
import Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import {
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import type {
  Response as OpenAIResponse,
  ResponseCreateParamsNonStreaming,
} from "openai/resources/responses/responses";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function replying(body: unknown, sent?: { body?: unknown }): FetchLike {
  return async (_input, init) => {
    if (sent !== undefined && typeof init?.body === "string") sent.body = JSON.parse(init.body);
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
}

export async function anthropicSdkParse(body: unknown): Promise<Message> {
  const client = new Anthropic({
    apiKey: "test",
    baseURL: "http://sdk.test",
    fetch: replying(body),
    maxRetries: 0,
  });
  return client.messages.create({ model: "m", max_tokens: 1, messages: [{ role: "user", content: "x" }] });
}

/** The body the Anthropic SDK sends for `params` (it must accept them as they are). */
export async function anthropicSdkSend(params: MessageCreateParamsNonStreaming): Promise<unknown> {
  const sent: { body?: unknown } = {};
  const reply = {
    id: "msg_x",
    type: "message",
    role: "assistant",
    model: "m",
    content: [],
    stop_reason: "end_turn",
  };
  const client = new Anthropic({
    apiKey: "test",
    baseURL: "http://sdk.test",
    fetch: replying(reply, sent),
    maxRetries: 0,
  });
  await client.messages.create(params);
  return sent.body;
}

export async function openaiSdkParseResponse(body: unknown): Promise<OpenAIResponse> {
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: replying(body),
    maxRetries: 0,
  });
  return client.responses.create({ model: "m", input: "x" });
}

export async function openaiSdkSendResponse(params: ResponseCreateParamsNonStreaming): Promise<unknown> {
  const sent: { body?: unknown } = {};
  const reply = { id: "resp_x", object: "response", output: [], status: "completed" };
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: replying(reply, sent),
    maxRetries: 0,
  });
  await client.responses.create(params);
  return sent.body;
}

export async function openaiSdkParseChat(body: unknown): Promise<ChatCompletion> {
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: replying(body),
    maxRetries: 0,
  });
  return client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
}

export async function openaiSdkSendChat(params: ChatCompletionCreateParamsNonStreaming): Promise<unknown> {
  const sent: { body?: unknown } = {};
  const reply = { id: "c", object: "chat.completion", created: 0, model: "m", choices: [] };
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: replying(reply, sent),
    maxRetries: 0,
  });
  await client.chat.completions.create(params);
  return sent.body;
}

function gemini(fetch: FetchLike): GoogleGenAI {
  return new GoogleGenAI({ apiKey: "test", httpOptions: { baseUrl: "http://sdk.test", fetch } });
}

export async function geminiSdkParse(body: unknown): Promise<GenerateContentResponse> {
  return gemini(replying(body)).models.generateContent({ model: "gemini-test", contents: "x" });
}

/** The REST shape of a generateContent body, as the SDK writes it. */
export interface GeminiRestBody {
  contents?: Content[];
  systemInstruction?: Content;
  tools?: GenerateContentConfig["tools"];
  toolConfig?: GenerateContentConfig["toolConfig"];
  safetySettings?: GenerateContentConfig["safetySettings"];
  cachedContent?: string;
  generationConfig?: Record<string, unknown>;
  labels?: Record<string, string>;
}

/**
 * Feeds a REST body to the SDK as SDK parameters and returns the REST body the SDK sends:
 * if the SDK writes back the same body, the body means what the SDK means by it.
 */
export async function geminiSdkSend(model: string, body: GeminiRestBody): Promise<unknown> {
  const sent: { body?: unknown } = {};
  const config: GenerateContentConfig = { ...(body.generationConfig as GenerateContentConfig) };
  if (body.systemInstruction !== undefined) config.systemInstruction = body.systemInstruction;
  if (body.tools !== undefined) config.tools = body.tools;
  if (body.toolConfig !== undefined) config.toolConfig = body.toolConfig;
  if (body.safetySettings !== undefined) config.safetySettings = body.safetySettings;
  if (body.cachedContent !== undefined) config.cachedContent = body.cachedContent;
  if (body.labels !== undefined) config.labels = body.labels;
  const reply = {
    candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }],
  };
  await gemini(replying(reply, sent)).models.generateContent({
    model,
    contents: body.contents ?? [],
    config,
  });
  return sent.body;
}
