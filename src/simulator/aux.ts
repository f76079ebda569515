/**
 * The non-generation endpoints, as pure functions from the parsed request to the answer body:
 * embeddings (OpenAI and Gemini), images, speech, transcriptions and model lists. Shapes
 * follow the providers' API references; values are deterministic (media.ts).
 */
import {
  at,
  expectArray,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
} from "../formats/validate.ts";
import { invalidRequest } from "../ir/error.ts";
import { CATALOG } from "../providers/index.ts";
import { tokens } from "./answer.ts";
import { embeddingBase64, embeddingFor, PNG_1X1, WAV_SILENCE, wavDuration } from "./media.ts";
import { type FormPart, formFields } from "./multipart.ts";

const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 8192;

function dimensionsOf(v: unknown, path: string): number {
  if (v == null) return DEFAULT_DIMENSIONS;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_DIMENSIONS)
    throw invalidRequest(path, `an integer from 1 to ${MAX_DIMENSIONS}`);
  return v;
}

/**
 * `POST /v1/embeddings`: one unit vector per input (a string, strings, or token arrays).
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function openaiEmbeddings(body: unknown, model: string): JsonObject {
  const b = expectObject(body, "");
  const dims = dimensionsOf(b.dimensions, "dimensions");
  const format = b.encoding_format ?? "float";
  if (format !== "float" && format !== "base64")
    throw invalidRequest("encoding_format", `"float" or "base64"`);
  const raw = b.input;
  let inputs: unknown[];
  if (typeof raw === "string") inputs = [raw];
  else if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === "number")) inputs = [raw];
  else if (Array.isArray(raw) && raw.length > 0) inputs = raw;
  else throw invalidRequest("input", "a string, an array of strings or token arrays (not empty)");
  let promptTokens = 0;
  const data = inputs.map((x, index) => {
    let key: string;
    if (typeof x === "string") {
      key = x;
      promptTokens += tokens(x.length);
    } else if (Array.isArray(x) && x.every((t) => typeof t === "number")) {
      key = JSON.stringify(x);
      promptTokens += x.length;
    } else throw invalidRequest(at("input", index), "a string or an array of token ids");
    const v = embeddingFor(key, dims);
    return { object: "embedding", index, embedding: format === "base64" ? embeddingBase64(v) : v };
  });
  return { object: "list", data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

/**
 * Gemini `:embedContent` / `:batchEmbedContents`: the text of each content's parts, embedded.
 * @see https://ai.google.dev/api/embeddings
 */
export function geminiEmbeddings(body: unknown, batch: boolean): JsonObject {
  const b = expectObject(body, "");
  if (!batch) return { embedding: { values: embedOne(b, "") } };
  const requests = expectArray(b.requests, "requests");
  return {
    embeddings: requests.map((r, i) => ({
      values: embedOne(expectObject(r, at("requests", i)), at("requests", i)),
    })),
  };
}

function embedOne(req: JsonObject, path: string): number[] {
  const content = expectObject(req.content, at(path, "content"));
  const parts = expectArray(content.parts, at(at(path, "content"), "parts"));
  const text = parts.map((p) => (isObject(p) && typeof p.text === "string" ? p.text : "")).join("");
  return embeddingFor(text, dimensionsOf(req.outputDimensionality, at(path, "outputDimensionality")));
}

/**
 * `POST /v1/images/generations`: `n` copies of a 1×1 PNG, as `b64_json`, or as a data URL
 * when `response_format` is `url` (a URL the simulator would otherwise have to host).
 * @see https://platform.openai.com/docs/api-reference/images/create
 */
export function imageGeneration(body: unknown, created: number): JsonObject {
  const b = expectObject(body, "");
  const prompt = expectString(b.prompt, "prompt");
  const n = b.n ?? 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 10)
    throw invalidRequest("n", "an integer from 1 to 10");
  const format = b.response_format ?? "b64_json";
  if (format !== "b64_json" && format !== "url")
    throw invalidRequest("response_format", `"url" or "b64_json"`);
  const b64 = PNG_1X1.toString("base64");
  const one = format === "url" ? { url: `data:image/png;base64,${b64}` } : { b64_json: b64 };
  const data = Array.from({ length: n }, () => ({ ...one, revised_prompt: prompt }));
  return {
    created,
    data,
    usage: {
      input_tokens: tokens(prompt.length),
      output_tokens: n,
      total_tokens: tokens(prompt.length) + n,
      input_tokens_details: { text_tokens: tokens(prompt.length), image_tokens: 0 },
    },
  };
}

/**
 * `POST /v1/audio/speech`: a short silent WAV whatever `response_format` asks for (the bytes
 * and `content-type: audio/wav` say what they are; no codec for mp3/opus is worth shipping).
 * @see https://platform.openai.com/docs/api-reference/audio/createSpeech
 */
export function speech(body: unknown): { contentType: string; bytes: Buffer } {
  const b = expectObject(body, "");
  expectString(b.input, "input");
  expectString(b.voice ?? "alloy", "voice");
  return { contentType: "audio/wav", bytes: WAV_SILENCE };
}

/**
 * `POST /v1/audio/transcriptions` (multipart): `simulated transcription (N bytes)`, as JSON,
 * `verbose_json` (with the duration read from a WAV file, else 16 kB a second), text, SRT or VTT.
 * @see https://platform.openai.com/docs/api-reference/audio/createTranscription
 */
export function transcription(parts: readonly FormPart[]): { contentType: string; body: string } {
  const file =
    parts.find((p) => p.name === "file" && p.filename !== undefined) ?? parts.find((p) => p.name === "file");
  if (file === undefined) throw invalidRequest("file", "an audio file part");
  const fields = formFields(parts);
  if (!fields.get("model")) throw invalidRequest("model", "a model name");
  const text = `simulated transcription (${file.data.length} bytes)`;
  const duration = wavDuration(file.data) ?? file.data.length / 16000;
  const format = fields.get("response_format") ?? "json";
  switch (format) {
    case "json":
      return json({ text, usage: { type: "duration", seconds: Math.ceil(duration) } });
    case "verbose_json":
      return json({
        task: "transcribe",
        language: fields.get("language") ?? "english",
        duration,
        text,
        segments: [
          {
            id: 0,
            seek: 0,
            start: 0,
            end: duration,
            text,
            tokens: [],
            temperature: 0,
            avg_logprob: 0,
            compression_ratio: 1,
            no_speech_prob: 0,
          },
        ],
      });
    case "text":
      return { contentType: "text/plain; charset=utf-8", body: `${text}\n` };
    case "srt":
      return {
        contentType: "text/plain; charset=utf-8",
        body: `1\n00:00:00,000 --> ${stamp(duration, ",")}\n${text}\n\n`,
      };
    case "vtt":
      return {
        contentType: "text/vtt; charset=utf-8",
        body: `WEBVTT\n\n00:00:00.000 --> ${stamp(duration, ".")}\n${text}\n\n`,
      };
    default:
      throw invalidRequest("response_format", `one of "json", "verbose_json", "text", "srt", "vtt"`);
  }
}

function json(body: unknown): { contentType: string; body: string } {
  return { contentType: "application/json", body: JSON.stringify(body) };
}

function stamp(seconds: number, sep: string): string {
  const ms = Math.round(seconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}${sep}${p(ms % 1000, 3)}`;
}

const OWNER: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  gemini: "google",
};

/** OpenAI `GET /v1/models` (Anthropic's shape when the caller is the Anthropic SDK). */
export function modelList(style: "openai" | "anthropic" | "gemini"): JsonObject {
  const provider = style === "gemini" ? "gemini" : style;
  const models = CATALOG.filter((m) => m.provider === provider);
  if (style === "gemini") return { models: models.map((m) => geminiModel(m.id)) };
  if (style === "anthropic") {
    const data = models.map((m) => anthropicModel(m.id));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return { object: "list", data: models.map((m) => openaiModel(m.id)) };
}

export function modelInfo(style: "openai" | "anthropic" | "gemini", id: string): JsonObject {
  if (style === "gemini") return geminiModel(id.replace(/^models\//, ""));
  return style === "anthropic" ? anthropicModel(id) : openaiModel(id);
}

function openaiModel(id: string): JsonObject {
  const owner = CATALOG.find((m) => m.id === id)?.provider;
  return {
    id,
    object: "model",
    created: 0,
    owned_by: owner === undefined ? "simulator" : (OWNER[owner] ?? owner),
  };
}

function anthropicModel(id: string): JsonObject {
  return { type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" };
}

function geminiModel(id: string): JsonObject {
  const m = CATALOG.find((x) => x.id === id);
  const embeds = m?.capabilities.includes("embeddings") ?? id.includes("embedding");
  return {
    name: `models/${id}`,
    version: "001",
    displayName: id,
    description: "Served by the Switchyard simulator.",
    inputTokenLimit: m?.context_window ?? 1_048_576,
    outputTokenLimit: m?.max_output_tokens ?? 65_536,
    supportedGenerationMethods: embeds
      ? ["embedContent", "batchEmbedContents"]
      : ["generateContent", "streamGenerateContent", "countTokens"],
  };
}
