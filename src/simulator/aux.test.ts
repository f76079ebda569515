import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import {
  geminiEmbeddings,
  imageGeneration,
  modelInfo,
  modelList,
  openaiEmbeddings,
  speech,
  transcription,
} from "./aux.ts";
import { WAV_SILENCE } from "./media.ts";

const invalid = (fn: () => unknown, param: string) =>
  assert.throws(
    fn,
    (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request" && e.param === param,
  );

test("OpenAI embeddings: strings, token arrays, dimensions, base64; usage", () => {
  const r = openaiEmbeddings({ input: ["ab", [1, 2, 3]], dimensions: 4 }, "m") as {
    data: Array<{ index: number; embedding: number[] }>;
    usage: { prompt_tokens: number };
  };
  assert.deepEqual(
    r.data.map((d) => [d.index, d.embedding.length]),
    [
      [0, 4],
      [1, 4],
    ],
  );
  assert.equal(r.usage.prompt_tokens, 1 + 3);
  const b = openaiEmbeddings({ input: "ab", encoding_format: "base64" }, "m") as {
    data: Array<{ embedding: string }>;
  };
  assert.equal(Buffer.from(b.data[0]!.embedding, "base64").length, 8 * 4);
  invalid(() => openaiEmbeddings({ input: [] }, "m"), "input");
  invalid(() => openaiEmbeddings({ input: ["a", {}] }, "m"), "input[1]");
  invalid(() => openaiEmbeddings({ input: "a", dimensions: 0 }, "m"), "dimensions");
  invalid(() => openaiEmbeddings({ input: "a", encoding_format: "hex" }, "m"), "encoding_format");
});

test("Gemini embedContent and batchEmbedContents", () => {
  const one = geminiEmbeddings({ content: { parts: [{ text: "a" }] }, outputDimensionality: 3 }, false) as {
    embedding: { values: number[] };
  };
  assert.equal(one.embedding.values.length, 3);
  const batch = geminiEmbeddings(
    {
      requests: [
        { content: { parts: [{ text: "a" }] }, outputDimensionality: 3 },
        { content: { parts: [] } },
      ],
    },
    true,
  ) as { embeddings: Array<{ values: number[] }> };
  assert.deepEqual(batch.embeddings[0]?.values, one.embedding.values);
  assert.equal(batch.embeddings[1]?.values.length, 8);
  invalid(() => geminiEmbeddings({ requests: [{}] }, true), "requests[0].content");
});

test("images: b64_json by default, data URLs on request, n copies", () => {
  const r = imageGeneration({ prompt: "p" }, 7) as { created: number; data: Array<{ b64_json?: string }> };
  assert.equal(r.created, 7);
  assert.ok(r.data[0]?.b64_json);
  const u = imageGeneration({ prompt: "p", n: 3, response_format: "url" }, 7) as {
    data: Array<{ url?: string }>;
  };
  assert.equal(u.data.length, 3);
  assert.match(u.data[0]?.url ?? "", /^data:image\/png;base64,/);
  invalid(() => imageGeneration({}, 0), "prompt");
  invalid(() => imageGeneration({ prompt: "p", n: 11 }, 0), "n");
});

test("speech: WAV bytes; input required", () => {
  assert.deepEqual(speech({ input: "hi", voice: "alloy", response_format: "mp3" }), {
    contentType: "audio/wav",
    bytes: WAV_SILENCE,
  });
  invalid(() => speech({ voice: "alloy" }), "input");
});

test("transcriptions in every response format", () => {
  const parts = (format?: string) => [
    { name: "file", filename: "a.wav", data: WAV_SILENCE },
    { name: "model", data: Buffer.from("whisper-1") },
    ...(format === undefined ? [] : [{ name: "response_format", data: Buffer.from(format) }]),
  ];
  const text = `simulated transcription (${WAV_SILENCE.length} bytes)`;
  assert.equal(JSON.parse(transcription(parts()).body).text, text);
  const verbose = JSON.parse(transcription(parts("verbose_json")).body);
  assert.equal(verbose.duration, 0.25);
  assert.equal(verbose.segments[0].text, text);
  assert.equal(transcription(parts("text")).body, `${text}\n`);
  assert.match(transcription(parts("srt")).body, /00:00:00,000 --> 00:00:00,250/);
  assert.match(transcription(parts("vtt")).body, /^WEBVTT/);
  invalid(() => transcription(parts("xml")), "response_format");
  invalid(() => transcription(parts().slice(1)), "file");
  invalid(() => transcription(parts().slice(0, 1)), "model");
});

test("model lists in each provider's shape", () => {
  const o = modelList("openai") as { object: string; data: Array<{ id: string; owned_by: string }> };
  assert.equal(o.object, "list");
  assert.ok(o.data.some((m) => m.id === "gpt-4o" && m.owned_by === "openai"));
  const a = modelList("anthropic") as { data: Array<{ type: string; id: string }>; has_more: boolean };
  assert.ok(a.data.every((m) => m.type === "model" && m.id.startsWith("claude")));
  assert.equal(a.has_more, false);
  const g = modelList("gemini") as { models: Array<{ name: string; supportedGenerationMethods: string[] }> };
  assert.ok(
    g.models.some(
      (m) => m.name === "models/gemini-2.5-flash" && m.supportedGenerationMethods.includes("generateContent"),
    ),
  );
  assert.ok(g.models.some((m) => m.supportedGenerationMethods.includes("embedContent")));
  assert.equal(modelInfo("openai", "anything").owned_by, "simulator");
  assert.equal(modelInfo("gemini", "models/gemini-2.5-pro").name, "models/gemini-2.5-pro");
});
