/**
 * Content parts of Responses messages and tool outputs: request validation (decode) and
 * what may be sent to OpenAI (encode). Parts are IR-native, so both directions keep them
 * as they are; the encoder only strips Switchyard's `interop` and leaves out audio, which
 * the Responses API does not accept as input.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 * @see https://platform.openai.com/docs/guides/images-vision?api-mode=responses
 * @see https://platform.openai.com/docs/guides/pdf-files?api-mode=responses
 */
import type { Dropped } from "../../ir/dropped.ts";
import { invalidRequest } from "../../ir/error.ts";
import type { Interop } from "../../ir/interop.ts";
import {
  at,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
  optional,
} from "../validate.ts";
import { reportInterop, withoutInterop } from "./interop-report.ts";
import { FORMAT } from "./types.ts";

export const INPUT_PARTS = ["input_text", "input_image", "input_file", "input_audio"] as const;
/** Assistant history: what the model wrote, or plain input text (EasyInputMessage allows it). */
export const ASSISTANT_PARTS = ["output_text", "refusal", "input_text"] as const;
/** `function_call_output.output` as a list. */
export const TOOL_OUTPUT_PARTS = ["input_text", "input_image", "input_file"] as const;

export type PartType = (typeof INPUT_PARTS)[number] | (typeof ASSISTANT_PARTS)[number];

const IMAGE_DETAIL = ["low", "high", "auto", "original"] as const;
const FILE_DETAIL = ["auto", "low", "high"] as const;
const AUDIO_FORMATS = ["mp3", "wav"] as const;

function nullableString(v: unknown, path: string): string | null {
  return v === null ? null : expectString(v, path);
}

/** Checks one part against the types allowed where it stands; throws naming the path. */
export function checkPart(value: unknown, allowed: readonly PartType[], path: string): void {
  const part = expectObject(value, path);
  const type = expectOneOf(part.type, allowed, at(path, "type"));
  switch (type) {
    case "input_text":
      expectString(part.text, at(path, "text"));
      return;
    case "input_image":
      if (part.image_url !== undefined) nullableString(part.image_url, at(path, "image_url"));
      if (part.file_id !== undefined) nullableString(part.file_id, at(path, "file_id"));
      if (typeof part.image_url !== "string" && typeof part.file_id !== "string") {
        throw invalidRequest(path, "an input_image with `image_url` or `file_id`");
      }
      optional(part, "detail", path, (v, p) => expectOneOf(v, IMAGE_DETAIL, p));
      return;
    case "input_file":
      for (const key of ["file_data", "file_url", "filename"]) optional(part, key, path, expectString);
      if (part.file_id !== undefined) nullableString(part.file_id, at(path, "file_id"));
      if (
        typeof part.file_data !== "string" &&
        typeof part.file_url !== "string" &&
        typeof part.file_id !== "string"
      ) {
        throw invalidRequest(path, "an input_file with `file_data`, `file_url` or `file_id`");
      }
      optional(part, "detail", path, (v, p) => expectOneOf(v, FILE_DETAIL, p));
      return;
    case "input_audio": {
      const audio = expectObject(part.input_audio, at(path, "input_audio"));
      expectString(audio.data, at(at(path, "input_audio"), "data"));
      expectOneOf(audio.format, AUDIO_FORMATS, at(at(path, "input_audio"), "format"));
      return;
    }
    case "output_text":
      expectString(part.text, at(path, "text"));
      optional(part, "annotations", path, expectArray)?.forEach((a, i) => {
        const p = at(at(path, "annotations"), i);
        expectString(expectObject(a, p).type, at(p, "type"));
      });
      return;
    case "refusal":
      expectString(part.refusal, at(path, "refusal"));
      return;
    default: {
      const never: never = type;
      throw invalidRequest(at(path, "type"), `a known part type, got ${String(never)}`);
    }
  }
}

/** Message `content`: a string, or a list of parts allowed for `role`. */
export function checkContent(content: unknown, role: string, path: string): void {
  if (typeof content === "string") return;
  const allowed: readonly PartType[] = role === "assistant" ? ASSISTANT_PARTS : INPUT_PARTS;
  expectArray(content, path).forEach((p, i) => {
    checkPart(p, allowed, at(path, i));
  });
}

/** `function_call_output.output`: a string, or a list of text/image/file parts. */
export function checkToolOutput(output: unknown, path: string): void {
  if (typeof output === "string") return;
  expectArray(output, path).forEach((p, i) => {
    checkPart(p, TOOL_OUTPUT_PARTS, at(path, i));
  });
}

/**
 * The parts that can go to OpenAI: `interop` stripped (its foreign state reported), audio
 * left out (the Responses API takes no audio input) and reported.
 */
export function encodeParts<P extends object>(parts: readonly P[], path: string, dropped: Dropped[]): P[] {
  const out: P[] = [];
  parts.forEach((part, i) => {
    const p = `${path}[${i}]`;
    if ((part as { type?: unknown }).type === "input_audio") {
      dropped.push({ path: p, reason: `${FORMAT} accepts no audio input` });
      return;
    }
    const io = (part as { interop?: Interop }).interop;
    reportInterop(io, `${p}.`, dropped);
    out.push((io === undefined ? part : withoutInterop(part)) as P);
  });
  return out;
}

/** Whether `v` is a list of parts (not a plain string). */
export function isPartList(v: unknown): v is JsonObject[] {
  return Array.isArray(v) && v.every(isObject);
}
