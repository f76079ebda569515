import { isObject } from "../formats/validate.ts";
import { invalidRequest } from "../ir/error.ts";

/**
 * OpenAI `/v1/embeddings` ↔ Gemini `models/{model}:batchEmbedContents`: one Gemini request per
 * input text, embeddings back in the same order.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */

export interface GeminiEmbedRequest {
  requests: Array<{
    model: string;
    content: { parts: Array<{ text: string }> };
    outputDimensionality?: number;
  }>;
}

export interface EmbedPlan {
  body: GeminiEmbedRequest;
  /** The client asked for base64 (the openai SDK does by default): float32 little-endian. */
  base64: boolean;
}

/** An OpenAI embeddings body → the Gemini batch request; a 400 (field path named) when it cannot cross. */
export function encodeEmbedRequest(body: unknown, model: string): EmbedPlan {
  if (!isObject(body)) throw invalidRequest("", "a JSON object");
  const texts = inputTexts(body.input);
  const dims = body.dimensions;
  if (dims !== undefined && dims !== null && !(Number.isInteger(dims) && (dims as number) > 0)) {
    throw invalidRequest("dimensions", "a positive integer");
  }
  const fmt = body.encoding_format;
  if (fmt !== undefined && fmt !== null && fmt !== "float" && fmt !== "base64") {
    throw invalidRequest("encoding_format", `"float" or "base64"`);
  }
  const name = `models/${model}`;
  return {
    body: {
      requests: texts.map((text) => ({
        model: name,
        content: { parts: [{ text }] },
        ...(typeof dims === "number" ? { outputDimensionality: dims } : {}),
      })),
    },
    base64: fmt === "base64",
  };
}

function inputTexts(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.length > 0) {
    return input.map((t, i) => {
      if (typeof t === "string") return t;
      throw invalidRequest(`input[${i}]`, "text (Gemini embeddings do not take token arrays)");
    });
  }
  throw invalidRequest("input", "a string or a non-empty array of strings");
}

export interface OpenAIEmbeddingList {
  object: "list";
  data: Array<{ object: "embedding"; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * The Gemini batch answer → OpenAI's list. Gemini reports no token count for embeddings;
 * OpenAI's shape requires one, so it is 0 unless the answer carries `usageMetadata`.
 */
export function decodeEmbedResponse(
  body: unknown,
  model: string,
  base64: boolean,
): OpenAIEmbeddingList | undefined {
  if (!isObject(body) || !Array.isArray(body.embeddings)) return undefined;
  const data: OpenAIEmbeddingList["data"] = [];
  for (const [index, e] of body.embeddings.entries()) {
    if (!isObject(e) || !Array.isArray(e.values)) return undefined;
    const values = e.values as number[];
    data.push({ object: "embedding", index, embedding: base64 ? toBase64(values) : values });
  }
  const meta = isObject(body.usageMetadata) ? body.usageMetadata : undefined;
  const tokens = typeof meta?.promptTokenCount === "number" ? meta.promptTokenCount : 0;
  return { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function toBase64(values: number[]): string {
  const f = Float32Array.from(values);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64");
}
