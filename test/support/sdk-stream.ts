/**
 * The official SDKs' stream helpers as strict readers of the streams Switchyard writes: each
 * function feeds the given wire text to an SDK client through an in-memory `fetch` (no
 * socket) and returns the SDK's final accumulated object.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { Message } from "@anthropic-ai/sdk/resources/messages";
import { type GenerateContentResponse, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import type { Response as OpenAIResponse } from "openai/resources/responses/responses";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch answering with `text` as a stream, in small chunks (as a network would). */
function streaming(text: string, contentType = "text/event-stream"): FetchLike {
  return async () => {
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 97) controller.enqueue(bytes.subarray(i, i + 97));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": contentType } });
  };
}

export async function anthropicSdkStream(sse: string): Promise<Message> {
  const client = new Anthropic({
    apiKey: "test",
    baseURL: "http://sdk.test",
    fetch: streaming(sse),
    maxRetries: 0,
  });
  const stream = client.messages.stream({
    model: "m",
    max_tokens: 1,
    messages: [{ role: "user", content: "x" }],
  });
  return stream.finalMessage();
}

export async function openaiSdkResponsesStream(sse: string): Promise<OpenAIResponse> {
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: streaming(sse),
    maxRetries: 0,
  });
  const stream = client.responses.stream({ model: "m", input: "x" });
  return stream.finalResponse();
}

export async function openaiSdkChatStream(sse: string): Promise<ChatCompletion> {
  const client = new OpenAI({
    apiKey: "test",
    baseURL: "http://sdk.test/v1",
    fetch: streaming(sse),
    maxRetries: 0,
  });
  const stream = client.chat.completions.stream({
    model: "m",
    messages: [{ role: "user", content: "x" }],
    stream_options: { include_usage: true },
  });
  return stream.finalChatCompletion();
}

/** Every chunk the Gemini SDK yields for a `streamGenerateContent` answer (`alt=sse`). */
export async function geminiSdkStream(sse: string): Promise<GenerateContentResponse[]> {
  const ai = new GoogleGenAI({
    apiKey: "test",
    httpOptions: { baseUrl: "http://sdk.test", fetch: streaming(sse) },
  });
  const out: GenerateContentResponse[] = [];
  for await (const chunk of await ai.models.generateContentStream({ model: "gemini-test", contents: "x" }))
    out.push(chunk);
  return out;
}
