import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type {
  ResponseInputContent,
  ResponseInputFile,
  ResponseInputImage,
  ResponseInputText,
} from "../../ir/openai-types.ts";
import { at, expectObject, expectString, isObject, type JsonObject } from "../validate.ts";
import { field, keyOf, knownFields, residual } from "./proto-json.ts";
import type { Part } from "./types.ts";

export type IRInputPart = WithInterop<ResponseInputContent>;

const TEXT_PART = knownFields("text");
const INLINE_PART = knownFields("inlineData");
const FILE_PART = knownFields("fileData");
const BLOB_FIELDS = knownFields("mimeType", "data");
const FILE_FIELDS = knownFields("fileUri", "mimeType");

/**
 * A `data:` URL split into MIME type and base64 payload (undefined for other URLs and for
 * non-base64 data URLs, which Gemini's `inlineData` cannot take as they are).
 */
export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const m = /^data:([^;,]*)((?:;[^;,]*)*);base64,/i.exec(url);
  if (m === null) return undefined;
  return { mimeType: m[1] || "application/octet-stream", data: url.slice(m[0].length) };
}

export function dataUrl(mimeType: string, data: string): string {
  return `data:${mimeType};base64,${data}`;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  html: "text/html",
  json: "application/json",
  mp3: "audio/mp3",
  wav: "audio/wav",
  flac: "audio/flac",
  ogg: "audio/ogg",
  mp4: "video/mp4",
  mov: "video/mov",
  webm: "video/webm",
};

/** The MIME type a URL's or file name's extension suggests, if any. */
export function guessMimeType(nameOrUrl: string): string | undefined {
  const path = nameOrUrl.split(/[?#]/)[0] ?? "";
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : EXTENSIONS[ext];
}

function withRawPart<T extends object>(part: T, raw: JsonObject | undefined): WithInterop<T> {
  return raw === undefined || Object.keys(raw).length === 0
    ? part
    : { ...part, interop: { gemini: { raw } } };
}

/**
 * A user-side part (`text`, `inlineData`, `fileData`) into an IR input part: images as
 * `input_image` (inline data as a `data:` URL, files by URI), everything else (PDF, audio,
 * video, text files) as `input_file`. Fields with no IR slot (`videoMetadata`,
 * `mediaResolution`, the `fileData` MIME type, …) stay in the part's `interop.gemini.raw`.
 * Undefined when the part is of another kind.
 * @see https://ai.google.dev/api/caching#Part
 * @see https://ai.google.dev/gemini-api/docs/file-input-methods
 */
export function decodeInputPart(part: JsonObject, path: string): IRInputPart | undefined {
  if (typeof part.text === "string") {
    const p: ResponseInputText = { type: "input_text", text: part.text };
    return withRawPart(p, residual(part, TEXT_PART));
  }
  const inline = field(part, "inlineData");
  if (inline !== undefined && inline !== null) {
    const ip = at(path, keyOf(part, "inlineData"));
    const blob = expectObject(inline, ip);
    const mimeType = expectString(field(blob, "mimeType"), at(ip, keyOf(blob, "mimeType")));
    const data = expectString(blob.data, at(ip, "data"));
    const raw: JsonObject = { ...residual(part, INLINE_PART) };
    const blobRest = residual(blob, BLOB_FIELDS);
    if (blobRest !== undefined) raw.inlineData = blobRest;
    const url = dataUrl(mimeType, data);
    if (mimeType.startsWith("image/")) {
      const img: ResponseInputImage = { type: "input_image", detail: "auto", image_url: url };
      return withRawPart(img, raw);
    }
    const file: ResponseInputFile = { type: "input_file", file_data: url };
    return withRawPart(file, raw);
  }
  const fileValue = field(part, "fileData");
  if (fileValue !== undefined && fileValue !== null) {
    const fp = at(path, keyOf(part, "fileData"));
    const file = expectObject(fileValue, fp);
    const uri = expectString(field(file, "fileUri"), at(fp, keyOf(file, "fileUri")));
    const raw: JsonObject = { ...residual(part, FILE_PART) };
    // The MIME type has no IR slot on a URL part; keep it so the part goes back as it came.
    const mimeType = field(file, "mimeType");
    const fileRest: JsonObject = { ...residual(file, FILE_FIELDS) };
    if (mimeType !== undefined) fileRest.mimeType = expectString(mimeType, at(fp, keyOf(file, "mimeType")));
    if (Object.keys(fileRest).length > 0) raw.fileData = fileRest;
    if (typeof mimeType === "string" && mimeType.startsWith("image/")) {
      const img: ResponseInputImage = { type: "input_image", detail: "auto", image_url: uri };
      return withRawPart(img, raw);
    }
    const f: ResponseInputFile = { type: "input_file", file_url: uri };
    return withRawPart(f, raw);
  }
  return undefined;
}

/**
 * An IR input part into a Gemini part, or undefined (reported) when Gemini cannot take it:
 * OpenAI `file_id`s name files Gemini cannot see, and `detail`/`filename` have no Gemini field.
 * @see https://ai.google.dev/api/caching#Part
 */
export function encodeInputPart(part: IRInputPart, path: string, dropped: Dropped[]): Part | undefined {
  const raw = part.interop?.gemini?.raw;
  const base = restOf(raw);
  switch (part.type) {
    case "input_text":
      return { ...base, text: part.text };
    case "input_image": {
      if (part.detail !== undefined && part.detail !== "auto" && part.detail !== null) {
        dropped.push({ path: `${path}.detail`, reason: "Gemini has no per-image detail setting" });
      }
      if (typeof part.image_url === "string" && part.image_url !== "") {
        return urlPart(part.image_url, raw, base, IMAGE_FALLBACK);
      }
      dropped.push({ path, reason: "an OpenAI file_id image cannot be sent to Gemini" });
      return undefined;
    }
    case "input_file": {
      if (part.filename !== undefined) {
        dropped.push({ path: `${path}.filename`, reason: "Gemini inline files have no file name" });
      }
      if (part.detail !== undefined && part.detail !== "auto") {
        dropped.push({ path: `${path}.detail`, reason: "Gemini has no per-file detail setting" });
      }
      if (typeof part.file_data === "string" && part.file_data !== "") {
        const parsed = parseDataUrl(part.file_data);
        if (parsed !== undefined) return { ...base, inlineData: { ...blobRest(raw), ...parsed } };
        // Responses also takes bare base64; the file name is then the only hint of the type.
        const mimeType = guessMimeType(part.filename ?? "") ?? "application/octet-stream";
        return { ...base, inlineData: { ...blobRest(raw), mimeType, data: part.file_data } };
      }
      if (typeof part.file_url === "string" && part.file_url !== "") {
        return urlPart(part.file_url, raw, base, undefined);
      }
      dropped.push({ path, reason: "an OpenAI file_id file cannot be sent to Gemini" });
      return undefined;
    }
    default:
      dropped.push({ path, reason: `${(part as { type: string }).type} parts have no Gemini equivalent` });
      return undefined;
  }
}

/**
 * An image URL whose extension says nothing still has to read as an image (Gemini takes the
 * type from `mimeType`); JPEG is the common case and image decoders sniff the real format.
 */
const IMAGE_FALLBACK = "image/jpeg";

/** A `data:` URL as `inlineData`, any other URL (https, gs://, YouTube, Files API) as `fileData`. */
function urlPart(
  url: string,
  raw: JsonObject | undefined,
  base: JsonObject,
  fallback: string | undefined,
): Part {
  const parsed = parseDataUrl(url);
  if (parsed !== undefined) return { ...base, inlineData: { ...blobRest(raw), ...parsed } };
  const kept = isObject(raw?.fileData) ? raw.fileData : undefined;
  const mimeType = kept === undefined ? (guessMimeType(url) ?? fallback) : undefined;
  return { ...base, fileData: { ...kept, ...(mimeType === undefined ? {} : { mimeType }), fileUri: url } };
}

function blobRest(raw: JsonObject | undefined): JsonObject | undefined {
  return isObject(raw?.inlineData) ? raw.inlineData : undefined;
}

/** The part-level raw fields (everything but the kept blob/file residuals). */
function restOf(raw: JsonObject | undefined): JsonObject {
  if (raw === undefined) return {};
  const { inlineData: _i, fileData: _f, ...rest } = raw;
  return rest;
}
