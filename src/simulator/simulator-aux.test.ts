/**
 * End to end: embeddings, images, speech and transcriptions through the openai SDK pointed at
 * a loopback simulator.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI, { toFile } from "openai";
import { startSimulator } from "./index.ts";
import type { RunningSimulator } from "./types.ts";

let sim: RunningSimulator;
let openai: OpenAI;

before(async () => {
  sim = await startSimulator({ port: 0 });
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${sim.url}/v1`, maxRetries: 0 });
});
after(() => sim.close());

describe("embeddings, images, speech, transcriptions (openai SDK)", () => {
  test("embeddings: deterministic unit vectors, base64 by default, float on request", async () => {
    const e = await openai.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b", "a"] });
    assert.equal(e.data.length, 3);
    const [a, b, a2] = e.data.map((d) => d.embedding);
    assert.equal(a?.length, 8);
    assert.deepEqual(a, a2);
    assert.notDeepEqual(a, b);
    const norm = Math.sqrt((a ?? []).reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-5);
    const f = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: "a",
      dimensions: 16,
      encoding_format: "float",
    });
    assert.equal(f.data[0]?.embedding.length, 16);
    assert.ok(f.usage.prompt_tokens > 0);
  });

  test("images: a 1×1 PNG as b64_json or a data URL", async () => {
    const img = await openai.images.generate({ model: "gpt-image-1", prompt: "a dot" });
    const png = Buffer.from(img.data?.[0]?.b64_json ?? "", "base64");
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    const url = await openai.images.generate({
      model: "dall-e-3",
      prompt: "a dot",
      response_format: "url",
      n: 2,
    });
    assert.equal(url.data?.length, 2);
    assert.match(url.data?.[0]?.url ?? "", /^data:image\/png;base64,/);
  });

  test("speech: a WAV; transcriptions: text and verbose_json", async () => {
    const speech = await openai.audio.speech.create({
      model: "gpt-4o-mini-tts",
      voice: "alloy",
      input: "hi",
    });
    assert.equal(speech.headers.get("content-type"), "audio/wav");
    const wav = Buffer.from(await speech.arrayBuffer());
    assert.equal(wav.subarray(0, 4).toString("latin1"), "RIFF");

    const t = await openai.audio.transcriptions.create({
      model: "whisper-1",
      file: await toFile(wav, "speech.wav", { type: "audio/wav" }),
    });
    assert.equal(t.text, `simulated transcription (${wav.length} bytes)`);
    const v = await openai.audio.transcriptions.create({
      model: "whisper-1",
      file: await toFile(wav, "speech.wav", { type: "audio/wav" }),
      response_format: "verbose_json",
    });
    assert.equal(v.duration, 0.25);
  });
});
