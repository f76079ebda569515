import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type RunningSimulator, startSimulator } from "../../simulator/index.ts";
import { AIFactory } from "./factory.ts";
import { startRecordingProxy } from "./test-proxy.ts";

let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

test("openai embeddings: one unit vector per text, with usage", async () => {
  await using m = AIFactory.createEmbedding("openai", "text-embedding-3-small", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
  });
  const res = await m.embed(["alpha", "beta", "gamma"], { dimensions: 16 });
  assert.equal(res.embeddings.length, 3);
  for (const v of res.embeddings) {
    assert.equal(v.length, 16);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-6);
  }
  assert.notDeepEqual(res.embeddings[0], res.embeddings[1]);
  assert.ok((res.usage.input_tokens ?? 0) > 0);
  // deterministic: the same text, the same vector
  const again = await m.embed(["beta"], { dimensions: 16 });
  assert.deepEqual(again.embeddings[0], res.embeddings[1]);
});

test("gemini embeddings: translated by the core, same result shape", async () => {
  await using m = AIFactory.createEmbedding("gemini", "gemini-embedding-001", {
    apiKey: "k",
    baseURL: sim.url,
    env: {},
  });
  const res = await m.embed(["one", "two"]);
  assert.equal(res.embeddings.length, 2);
  assert.equal(res.embeddings[0]?.length, 8);
  assert.ok(Math.abs(Math.hypot(...(res.embeddings[0] ?? [])) - 1) < 1e-6);
});

test("embeddings honour the timeout", async () => {
  await using m = AIFactory.createEmbedding("openai", "text-embedding-3-small~hang", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
    timeout: 80,
  });
  await assert.rejects(m.embed(["x"]), /80 ms timeout/);
});

test("openai text to speech returns the audio bytes and their type", async () => {
  const proxy = await startRecordingProxy(sim.url);
  try {
    await using m = AIFactory.createTextToSpeech("openai", "tts-1", {
      apiKey: "k",
      baseURL: `${proxy.url}/v1`,
      env: {},
    });
    const res = await m.speak("Hello there", { voice: "nova", format: "wav", speed: 1.25 });
    assert.equal(res.contentType, "audio/wav");
    assert.equal(Buffer.from(res.audio.subarray(0, 4)).toString("latin1"), "RIFF");
    assert.ok(res.audio.length > 44);
    assert.deepEqual(proxy.bodies.at(-1), {
      model: "tts-1",
      input: "Hello there",
      voice: "nova",
      response_format: "wav",
      speed: 1.25,
    });
  } finally {
    await proxy.close();
  }
});

test("openai speech to text: the audio goes up as multipart, the text comes back", async () => {
  await using tts = AIFactory.createTextToSpeech("openai", "tts-1", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
  });
  await using stt = AIFactory.createSpeechToText("openai", "whisper-1", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
  });
  const { audio } = await tts.speak("round trip", { format: "wav" });
  const res = await stt.transcribe(audio, { filename: "clip.wav", language: "en" });
  assert.equal(res.text, `simulated transcription (${audio.length} bytes)`);
  assert.equal(res.duration, 0.25);
});

test("speech to text reports provider errors as typed errors", async () => {
  await using stt = AIFactory.createSpeechToText("openai", "whisper-1~error=500", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
  });
  await assert.rejects(stt.transcribe(new Uint8Array([1, 2, 3])), (e: Error) => {
    assert.equal((e as { kind?: string }).kind, "server");
    return true;
  });
});

test("groq speech to text goes through the same OpenAI-shaped forwarding", async () => {
  await using stt = AIFactory.createSpeechToText("groq", "whisper-large-v3", {
    apiKey: "k",
    baseURL: `${sim.url}/v1`,
    env: {},
  });
  const res = await stt.transcribe(new Uint8Array(1600), { filename: "raw.mp3" });
  assert.equal(res.text, "simulated transcription (1600 bytes)");
});
