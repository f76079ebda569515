import { isObject } from "../../formats/validate.ts";
import { CoreModel, deadline, failure, noHeaders, resultBytes, timeoutError } from "./core.ts";

interface CallOptions {
  timeout?: number;
  signal?: AbortSignal;
}

export interface TranscribeOptions extends CallOptions {
  /** The file name sent with the audio (its extension tells the provider the format). */
  filename?: string;
  /** MIME type of the audio; default from the file name, else `application/octet-stream`. */
  mimeType?: string;
  /** ISO-639-1 language of the audio. */
  language?: string;
  /** Text to guide the model's style or continue a previous segment. */
  prompt?: string;
  temperature?: number;
}

export interface Transcription {
  text: string;
  /** Seconds, when the provider reports it. */
  duration?: number;
  language?: string;
}

export interface SpeakOptions extends CallOptions {
  voice?: string;
  /** `mp3` (the providers' default), `wav`, `opus`, `aac`, `flac`, `pcm`. */
  format?: string;
  speed?: number;
  /** Tone and style guidance (models that take it, e.g. `gpt-4o-mini-tts`). */
  instructions?: string;
}

export interface Speech {
  audio: Uint8Array;
  /** The content type the provider answered with (`audio/mpeg`, `audio/wav`, …). */
  contentType: string;
}

const AUDIO_TYPES: Readonly<Record<string, string>> = {
  wav: "audio/wav",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  webm: "audio/webm",
  flac: "audio/flac",
};

/** Speech to text, through the core's `handleAux` (OpenAI's transcriptions endpoint). */
export class SpeechToTextModel extends CoreModel {
  async transcribe(audio: Uint8Array, opts: TranscribeOptions = {}): Promise<Transcription> {
    const name = this.id;
    const filename = opts.filename ?? "audio.wav";
    const ext = filename.slice(filename.lastIndexOf(".") + 1).toLowerCase();
    const form = new FormData();
    form.set("model", name);
    form.set(
      "file",
      new Blob([audio], { type: opts.mimeType ?? AUDIO_TYPES[ext] ?? "application/octet-stream" }),
      filename,
    );
    form.set("response_format", "verbose_json");
    if (opts.language !== undefined) form.set("language", opts.language);
    if (opts.prompt !== undefined) form.set("prompt", opts.prompt);
    if (opts.temperature !== undefined) form.set("temperature", String(opts.temperature));
    // the platform's own multipart encoder: bytes and the boundary-carrying content type
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const timeout = opts.timeout ?? this.timeout;
    const d = deadline(timeout, opts.signal);
    try {
      const result = await this.core.handleAux({
        endpoint: "audio.transcriptions",
        body,
        contentType: encoded.headers.get("content-type") ?? undefined,
        headers: noHeaders,
        ...(d.signal === undefined ? {} : { signal: d.signal }),
      });
      const err = await failure(result);
      if (err !== undefined) throw err;
      const text = new TextDecoder().decode(await resultBytes(result));
      return parseTranscription(text);
    } catch (e) {
      if (d.timedOut()) throw timeoutError(name, timeout ?? 0);
      throw e;
    } finally {
      d.clear();
    }
  }
}

function parseTranscription(text: string): Transcription {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { text: text.trim() };
  }
  if (!isObject(body) || typeof body.text !== "string") return { text: text.trim() };
  return {
    text: body.text,
    ...(typeof body.duration === "number" ? { duration: body.duration } : {}),
    ...(typeof body.language === "string" ? { language: body.language } : {}),
  };
}

/** Text to speech, through the core's `handleAux` (OpenAI's speech endpoint). */
export class TextToSpeechModel extends CoreModel {
  async speak(text: string, opts: SpeakOptions = {}): Promise<Speech> {
    const name = this.id;
    const timeout = opts.timeout ?? this.timeout;
    const d = deadline(timeout, opts.signal);
    try {
      const result = await this.core.handleAux({
        endpoint: "audio.speech",
        body: {
          model: name,
          input: text,
          voice: opts.voice ?? "alloy",
          ...(opts.format === undefined ? {} : { response_format: opts.format }),
          ...(opts.speed === undefined ? {} : { speed: opts.speed }),
          ...(opts.instructions === undefined ? {} : { instructions: opts.instructions }),
        },
        headers: noHeaders,
        ...(d.signal === undefined ? {} : { signal: d.signal }),
      });
      const err = await failure(result);
      if (err !== undefined) throw err;
      const audio = await resultBytes(result);
      return { audio, contentType: result.headers["content-type"] ?? "application/octet-stream" };
    } catch (e) {
      if (d.timedOut()) throw timeoutError(name, timeout ?? 0);
      throw e;
    } finally {
      d.clear();
    }
  }
}
