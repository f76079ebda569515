/** Client requests and a gateway config pointed at a stub upstream, for the core's tests. */
import type { FormatId } from "../ir/stop-reason.ts";
import type { GatewayConfig, GatewayRequest } from "./gateway-types.ts";

/** Recognisable fake keys: a test asserts none of them ever reaches a client. */
export const FAKE_KEYS = {
  openai: "sk-test-OPENAI-SECRET-0123456789",
  anthropic: "sk-ant-test-ANTHROPIC-SECRET-0123456789",
  gemini: "AIzaTEST-GEMINI-SECRET-0123456789",
  groq: "gsk_test-GROQ-SECRET-0123456789",
} as const;

/** Providers under test, one per upstream format, and a model of each. */
export const MODELS = {
  openai: "gpt-4.1",
  groq: "groq/llama-3.3-70b-versatile",
  anthropic: "claude-sonnet-4-5",
  gemini: "gemini-2.5-flash",
} as const;

export type TestProvider = keyof typeof MODELS;

/** The format each test provider is reached in from a surface it does not speak. */
export const PROVIDER_FORMAT: Record<TestProvider, FormatId> = {
  openai: "openai-responses",
  groq: "openai-chat",
  anthropic: "anthropic-messages",
  gemini: "gemini",
};

export function testConfig(upstream: string, extra: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    env: {},
    providers: {
      openai: { apiKey: FAKE_KEYS.openai, baseURL: `${upstream}/v1` },
      groq: { apiKey: FAKE_KEYS.groq, baseURL: `${upstream}/v1` },
      anthropic: { apiKey: FAKE_KEYS.anthropic, baseURL: upstream },
      gemini: { apiKey: FAKE_KEYS.gemini, baseURL: upstream },
    },
    ...extra,
  };
}

const noHeaders = (): undefined => undefined;

export function headersOf(h: Record<string, string>): (name: string) => string | undefined {
  return (name) => h[name];
}

/** A minimal "Hello" request on a surface. */
export function clientRequest(
  surface: FormatId,
  model: string,
  stream: boolean,
  more: Partial<GatewayRequest> = {},
): GatewayRequest {
  const base = { surface, headers: noHeaders, ...more };
  switch (surface) {
    case "openai-responses":
      return { ...base, body: { model, input: "Hello", ...(stream ? { stream: true } : {}) } };
    case "openai-chat":
      return {
        ...base,
        body: { model, messages: [{ role: "user", content: "Hello" }], ...(stream ? { stream: true } : {}) },
      };
    case "anthropic-messages":
      return {
        ...base,
        body: {
          model,
          max_tokens: 256,
          messages: [{ role: "user", content: "Hello" }],
          ...(stream ? { stream: true } : {}),
        },
      };
    case "gemini":
      return {
        ...base,
        model,
        stream,
        ...(stream ? { framing: more.framing ?? "sse" } : {}),
        body: { contents: [{ role: "user", parts: [{ text: "Hello" }] }] },
      };
    default:
      return surface satisfies never;
  }
}

/** A minimal OpenAI Responses answer with one text message (a stub judge's or model's reply). */
export function responsesAnswer(text: string, inputTokens = 40): Record<string, unknown> {
  return {
    id: "resp_stub",
    object: "response",
    created_at: 0,
    status: "completed",
    model: "gpt-4o",
    output: [
      {
        type: "message",
        id: "msg_stub",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text, annotations: [] }],
      },
    ],
    usage: { input_tokens: inputTokens, output_tokens: 3, total_tokens: inputTokens + 3 },
  };
}
