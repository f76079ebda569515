import assert from "node:assert/strict";
import { test } from "node:test";
import type OpenAI from "openai";
import type { APIPromise } from "openai";
import type { Stream } from "openai/streaming";
import { SwitchyardOpenAI } from "./openai-dropin.ts";

/**
 * Type-level checks: the drop-in's methods take and return the `openai` package's own types.
 * These compile or fail under `tsc --noEmit`; the test body only runs nothing of consequence.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_ok: T): void {}

type Client = SwitchyardOpenAI;

expectType<
  Equal<
    Parameters<Client["chat"]["completions"]["create"]>,
    Parameters<OpenAI["chat"]["completions"]["create"]>
  >
>(true);
expectType<Equal<Parameters<Client["responses"]["create"]>, Parameters<OpenAI["responses"]["create"]>>>(true);
expectType<Equal<Parameters<Client["embeddings"]["create"]>, Parameters<OpenAI["embeddings"]["create"]>>>(
  true,
);
expectType<
  Equal<Parameters<Client["audio"]["speech"]["create"]>, Parameters<OpenAI["audio"]["speech"]["create"]>>
>(true);
expectType<
  Equal<
    Parameters<Client["audio"]["transcriptions"]["create"]>,
    Parameters<OpenAI["audio"]["transcriptions"]["create"]>
  >
>(true);
expectType<Equal<Parameters<Client["images"]["generate"]>, Parameters<OpenAI["images"]["generate"]>>>(true);
expectType<Equal<Client["chat"]["completions"], OpenAI["chat"]["completions"]>>(true);
expectType<Equal<Client["responses"], OpenAI["responses"]>>(true);

// return types, as a user writes them
async function usage(client: SwitchyardOpenAI): Promise<void> {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "hi" }];
  const r: OpenAI.Chat.ChatCompletion = await client.chat.completions.create({
    model: "text-generation",
    messages,
  });
  const s: Stream<OpenAI.Chat.ChatCompletionChunk> = await client.chat.completions.create({
    model: "text-generation",
    messages,
    stream: true,
  });
  const p: APIPromise<OpenAI.Responses.Response> = client.responses.create({
    model: "text-generation",
    input: "x",
  });
  const rs: Stream<OpenAI.Responses.ResponseStreamEvent> = await client.responses.create({
    model: "text-generation",
    input: "x",
    stream: true,
  });
  const e: OpenAI.CreateEmbeddingResponse = await client.embeddings.create({
    model: "embedding",
    input: "x",
  });
  const a: Response = await client.audio.speech.create({ model: "tts", input: "x", voice: "alloy" });
  const t: OpenAI.Audio.Transcription = await client.audio.transcriptions.create({
    model: "stt",
    file: new File([], "a.wav"),
  });
  const i: OpenAI.ImagesResponse = await client.images.generate({ model: "img", prompt: "x" });
  // a SwitchyardOpenAI is usable wherever an OpenAI client is expected
  const asOpenAI: OpenAI = client;
  void [r, s, p, rs, e, a, t, i, asOpenAI];
}

test("the drop-in's types are the openai package's (checked by tsc)", () => {
  assert.equal(typeof usage, "function");
  assert.ok(SwitchyardOpenAI.prototype instanceof Object);
});
