import type { FormatId } from "../ir/stop-reason.ts";

/** What a request to the simulator asks for, from its method and path alone. */
export type Route =
  | { kind: "generate"; format: FormatId; model?: string; stream?: boolean }
  | { kind: "count-tokens"; format: "anthropic-messages" | "gemini"; model?: string }
  | { kind: "embeddings" }
  | { kind: "gemini-embed"; model: string; batch: boolean }
  | { kind: "images" }
  | { kind: "speech" }
  | { kind: "transcriptions" }
  | { kind: "models"; family: "openai" | "gemini" }
  | { kind: "model"; family: "openai" | "gemini"; id: string }
  | { kind: "health" };

/** The error envelope a route answers in (auth, bad requests, faults). */
export function routeFormat(r: Route): FormatId {
  switch (r.kind) {
    case "generate":
    case "count-tokens":
      return r.format;
    case "gemini-embed":
      return "gemini";
    case "models":
    case "model":
      return r.family === "gemini" ? "gemini" : "openai-responses";
    case "embeddings":
    case "images":
    case "speech":
    case "transcriptions":
    case "health":
      return "openai-responses";
    default:
      return r satisfies never;
  }
}

const OPENAI_POST: Readonly<Record<string, Route>> = {
  "/v1/responses": { kind: "generate", format: "openai-responses" },
  "/v1/chat/completions": { kind: "generate", format: "openai-chat" },
  "/v1/messages": { kind: "generate", format: "anthropic-messages" },
  "/v1/messages/count_tokens": { kind: "count-tokens", format: "anthropic-messages" },
  "/v1/embeddings": { kind: "embeddings" },
  "/v1/images/generations": { kind: "images" },
  "/v1/audio/speech": { kind: "speech" },
  "/v1/audio/transcriptions": { kind: "transcriptions" },
};

/** Gemini's `/{version}/models/{model}:{method}` (the SDK's default version is v1beta). */
const GEMINI_METHOD = /^\/(v1beta|v1alpha|v1)\/models\/([^/:]+):([A-Za-z]+)$/;
const GEMINI_MODEL = /^\/(v1beta|v1alpha)\/models(?:\/([^/:]+))?$/;

export function route(method: string, path: string): Route | undefined {
  if (method === "POST") {
    const fixed = OPENAI_POST[path];
    if (fixed !== undefined) return fixed;
    const m = GEMINI_METHOD.exec(path);
    if (m === null) return undefined;
    const model = decodeSegment(m[2]!);
    switch (m[3]) {
      case "generateContent":
        return { kind: "generate", format: "gemini", model, stream: false };
      case "streamGenerateContent":
        return { kind: "generate", format: "gemini", model, stream: true };
      case "countTokens":
        return { kind: "count-tokens", format: "gemini", model };
      case "embedContent":
        return { kind: "gemini-embed", model, batch: false };
      case "batchEmbedContents":
        return { kind: "gemini-embed", model, batch: true };
      default:
        return undefined;
    }
  }
  if (method === "GET") {
    if (path === "/healthz" || path === "/") return { kind: "health" };
    if (path === "/v1/models") return { kind: "models", family: "openai" };
    if (path.startsWith("/v1/models/")) {
      return { kind: "model", family: "openai", id: decodeSegment(path.slice("/v1/models/".length)) };
    }
    const g = GEMINI_MODEL.exec(path);
    if (g !== null) {
      return g[2] === undefined
        ? { kind: "models", family: "gemini" }
        : { kind: "model", family: "gemini", id: decodeSegment(g[2]) };
    }
  }
  return undefined;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
