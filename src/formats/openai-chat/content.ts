import type { Dropped } from "../../ir/dropped.ts";
import type { Interop } from "../../ir/interop.ts";
import type { ResponseInputContent } from "../../ir/openai-types.ts";
import {
  at,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
  optional,
  unknownKeys,
} from "../validate.ts";
import {
  chatInterop,
  chatRaw,
  mergeResidue,
  type Residue,
  reportForeignInterop,
  residueOf,
  wasAbsent,
} from "./residue.ts";
import { FORMAT } from "./types.ts";

/** IR content part as this codec produces it: a Responses input part (or input_audio) with interop. */
export type IRPart = ResponseInputContent & { interop?: Interop };

export type ChatPartType = "text" | "image_url" | "input_audio" | "file" | "refusal";

/** Part types each role may send. */
export const PART_TYPES: Readonly<
  Record<"user" | "system" | "developer" | "tool" | "assistant", readonly ChatPartType[]>
> = {
  user: ["text", "image_url", "input_audio", "file"],
  system: ["text"],
  developer: ["text"],
  tool: ["text"],
  assistant: ["text", "refusal"],
};

const TEXT_KEYS = new Set(["type", "text", "prompt_cache_breakpoint"]);
const IMAGE_KEYS = new Set(["type", "image_url", "prompt_cache_breakpoint"]);
const IMAGE_URL_KEYS = new Set(["url", "detail"]);
const AUDIO_KEYS = new Set(["type", "input_audio"]);
const FILE_KEYS = new Set(["type", "file", "prompt_cache_breakpoint"]);
const FILE_INNER_KEYS = new Set(["file_data", "file_id", "filename"]);

/**
 * A Chat user/system/developer/tool content part → IR input part. Images keep their URL
 * (https or `data:` URL) and detail; files keep `file_data` (a data URL), `file_id` and
 * `filename`; audio becomes the Responses `input_audio` shape. Refusal parts are handled by
 * the assistant decoder.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function decodePart(part: unknown, path: string, allowed: readonly ChatPartType[]): IRPart {
  const p = expectObject(part, path);
  const type = expectOneOf(p.type, allowed, at(path, "type"));
  switch (type) {
    case "text": {
      const text = expectString(p.text, at(path, "text"));
      return {
        type: "input_text",
        text,
        ...cacheBreakpoint(p),
        ...chatInterop(residueOf({ ...unknownKeys(p, TEXT_KEYS) })),
      } as IRPart;
    }
    case "image_url": {
      const img = expectObject(p.image_url, at(path, "image_url"));
      const url = expectString(img.url, at(at(path, "image_url"), "url"));
      const detail = optional(img, "detail", at(path, "image_url"), expectString);
      const extra = unknownKeys(img, IMAGE_URL_KEYS);
      const raw = residueOf(
        { ...unknownKeys(p, IMAGE_KEYS), ...(extra ? { image_url: extra } : {}) },
        detail === undefined ? ["detail"] : [],
      );
      return {
        type: "input_image",
        image_url: url,
        // The IR requires a detail; Chat's default is "auto".
        detail: (detail ?? "auto") as "auto",
        ...cacheBreakpoint(p),
        ...chatInterop(raw),
      } as IRPart;
    }
    case "input_audio": {
      const a = expectObject(p.input_audio, at(path, "input_audio"));
      const data = expectString(a.data, at(at(path, "input_audio"), "data"));
      const format = expectString(a.format, at(at(path, "input_audio"), "format"));
      // Responses has this shape (`ResponseInputAudio`), though not in the input content union.
      return {
        type: "input_audio",
        input_audio: { ...a, data, format },
        ...chatInterop(residueOf({ ...unknownKeys(p, AUDIO_KEYS) })),
      } as unknown as IRPart;
    }
    case "file": {
      const f = expectObject(p.file, at(path, "file"));
      const fp = at(path, "file");
      const file_data = optional(f, "file_data", fp, expectString);
      const file_id = optional(f, "file_id", fp, expectString);
      const filename = optional(f, "filename", fp, expectString);
      const extra = unknownKeys(f, FILE_INNER_KEYS);
      return {
        type: "input_file",
        ...(file_data === undefined ? {} : { file_data }),
        ...(file_id === undefined ? {} : { file_id }),
        ...(filename === undefined ? {} : { filename }),
        ...cacheBreakpoint(p),
        ...chatInterop(residueOf({ ...unknownKeys(p, FILE_KEYS), ...(extra ? { file: extra } : {}) })),
      } as IRPart;
    }
    case "refusal":
      // Only assistant messages allow refusal parts; their decoder takes them before this.
      throw new Error("unreachable: refusal parts are decoded by the assistant decoder");
    default: {
      const never: never = type;
      return never;
    }
  }
}

function cacheBreakpoint(p: JsonObject): JsonObject {
  return p.prompt_cache_breakpoint === undefined
    ? {}
    : { prompt_cache_breakpoint: p.prompt_cache_breakpoint };
}

/** A Chat content part as encoded (text, image_url, input_audio or file). */
export type ChatPart = JsonObject & { type: string };

/**
 * IR content part → Chat content part, or undefined (reported) when Chat cannot carry it:
 * images by `file_id`, files by `file_url`, and anything but text where only text is allowed.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function encodePart(
  part: unknown,
  path: string,
  dropped: Dropped[],
  textOnly: boolean,
): ChatPart | undefined {
  if (!isObject(part)) {
    dropped.push({ path, reason: "not a content part" });
    return undefined;
  }
  const raw = chatRaw(part);
  const type = typeof part.type === "string" ? part.type : "";
  const out = encodeKnownPart(part, type, raw, path, dropped, textOnly);
  if (out !== undefined) reportForeignInterop(part, path, dropped);
  return out === undefined ? undefined : (mergeResidue(out, raw) as ChatPart);
}

function encodeKnownPart(
  part: JsonObject,
  type: string,
  raw: Residue | undefined,
  path: string,
  dropped: Dropped[],
  textOnly: boolean,
): ChatPart | undefined {
  if (type === "input_text" || type === "output_text") {
    if (type === "output_text") reportOutputTextExtras(part, path, dropped);
    return { type: "text", text: String(part.text ?? ""), ...cacheBreakpoint(part) };
  }
  if (textOnly) {
    dropped.push({ path, reason: `${type || "this part"} is not allowed here in ${FORMAT} (text only)` });
    return undefined;
  }
  switch (type) {
    case "input_image": {
      if (typeof part.image_url !== "string") {
        dropped.push({ path, reason: `images by file_id have no equivalent in ${FORMAT}` });
        return undefined;
      }
      const image_url: JsonObject = { url: part.image_url };
      const detail = part.detail;
      if (typeof detail === "string" && !(detail === "auto" && wasAbsent(raw, "detail")))
        image_url.detail = detail;
      return { type: "image_url", image_url, ...cacheBreakpoint(part) };
    }
    case "input_file": {
      if (typeof part.file_url === "string") {
        dropped.push({ path: at(path, "file_url"), reason: `files by URL have no equivalent in ${FORMAT}` });
        if (part.file_data === undefined && part.file_id == null) return undefined;
      }
      const file: JsonObject = {};
      if (typeof part.file_data === "string") file.file_data = part.file_data;
      if (typeof part.file_id === "string") file.file_id = part.file_id;
      if (typeof part.filename === "string") file.filename = part.filename;
      return { type: "file", file, ...cacheBreakpoint(part) };
    }
    case "input_audio":
      return { type: "input_audio", input_audio: part.input_audio };
    default:
      dropped.push({ path, reason: `${type || "this part"} has no equivalent in ${FORMAT}` });
      return undefined;
  }
}

/** Annotations and logprobs of assistant text in history have no place in a Chat request. */
export function reportOutputTextExtras(part: JsonObject, path: string, dropped: Dropped[]): void {
  if (Array.isArray(part.annotations) && part.annotations.length > 0) {
    dropped.push({ path: at(path, "annotations"), reason: `no equivalent in ${FORMAT} request messages` });
  }
  if (Array.isArray(part.logprobs) && part.logprobs.length > 0) {
    dropped.push({ path: at(path, "logprobs"), reason: `no equivalent in ${FORMAT} request messages` });
  }
}
