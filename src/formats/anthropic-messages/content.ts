/**
 * Content parts both ways: Anthropic `text`, `image` and `document` blocks ↔ IR `input_text`,
 * `input_image` and `input_file` parts (user turns, system blocks and tool results).
 * Blocks with no IR part (`search_result`, `document` with a `content` source, …) are the
 * caller's to carry opaquely.
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { ResponseInputFile, ResponseInputImage, ResponseInputText } from "../../ir/openai-types.ts";
import { at, expectObject, expectString, isObject, type JsonObject, unknownKeys } from "../validate.ts";
import { attach, interopWith, nativeExtras, rawOf, splitNative, stateOf } from "./carry.ts";
import type { ContentBlockParam, DocumentBlockParam, ImageBlockParam, TextBlockParam } from "./types.ts";
import { FORMAT } from "./types.ts";

export type IRInputPart = WithInterop<ResponseInputText | ResponseInputImage | ResponseInputFile>;

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
type ImageMediaType = (typeof IMAGE_TYPES)[number];

// ---- data URLs ----------------------------------------------------------------------------

export function toDataUrl(mime: string, base64: string): string {
  return `data:${mime};base64,${base64}`;
}

export interface DataUrl {
  mime: string;
  base64: boolean;
  data: string;
}

/** `data:<mime>[;params][;base64],<data>` → its pieces, or undefined for any other URL. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!m) return undefined;
  const params = m[2]!.split(";").filter(Boolean);
  return { mime: m[1]!.toLowerCase() || "text/plain", base64: params.includes("base64"), data: m[3]! };
}

/** UTF-8 text → base64, with web-standard APIs so the codec stays runtime-neutral. */
export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToUtf8(b64: string): string {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** A data URL's payload as base64, whichever way it was written. */
function payloadBase64(d: DataUrl): string {
  return d.base64 ? d.data : utf8ToBase64(decodeURIComponent(d.data));
}

// ---- decode -------------------------------------------------------------------------------

const TEXT_KEYS = new Set(["type", "text"]);
const IMAGE_KEYS = new Set(["type", "source"]);
const DOCUMENT_KEYS = new Set(["type", "source"]);

/** A native source object with exactly `keys` (anything more and the block stays opaque). */
function exactSource(source: JsonObject, keys: string[]): boolean {
  return unknownKeys(source, new Set(keys)) === undefined && keys.every((k) => typeof source[k] === "string");
}

/**
 * Anthropic text / image / document block → IR part, or undefined when the block has no IR
 * part (the caller keeps it opaque). Images become `image_url` data URLs or URLs; PDFs and
 * plain-text documents become `input_file` data URLs, URLs or file ids, `title` the filename.
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
export function decodeContentPart(block: JsonObject, path: string): IRInputPart | undefined {
  switch (block.type) {
    case "text":
      return decodeTextPart(block, path);
    case "image":
      return decodeImage(block, path);
    case "document":
      return decodeDocument(block, path);
    default:
      return undefined;
  }
}

/**
 * Text block → `input_text`; `cache_control` and native `citations` ride in interop.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 */
export function decodeTextPart(block: JsonObject, path: string): WithInterop<ResponseInputText> {
  const text = expectString(block.text, at(path, "text"));
  const state = splitNative(
    block,
    Array.isArray(block.citations) ? new Set([...TEXT_KEYS, "citations"]) : TEXT_KEYS,
  );
  if (Array.isArray(block.citations)) state.citations = block.citations;
  return attach({ type: "input_text", text }, interopWith(state));
}

function decodeImage(block: JsonObject, path: string): WithInterop<ResponseInputImage> | undefined {
  const source = expectObject(block.source, at(path, "source"));
  const part: ResponseInputImage = { type: "input_image", detail: "auto" };
  if (source.type === "base64" && exactSource(source, ["type", "media_type", "data"])) {
    part.image_url = toDataUrl(source.media_type as string, source.data as string);
  } else if (source.type === "url" && exactSource(source, ["type", "url"])) {
    part.image_url = source.url as string;
  } else if (source.type === "file" && exactSource(source, ["type", "file_id"])) {
    part.file_id = source.file_id as string;
  } else {
    return undefined;
  }
  return attach(part, interopWith(splitNative(block, IMAGE_KEYS)));
}

function decodeDocument(block: JsonObject, path: string): WithInterop<ResponseInputFile> | undefined {
  const source = expectObject(block.source, at(path, "source"));
  const part: ResponseInputFile = { type: "input_file" };
  if (source.type === "base64" && exactSource(source, ["type", "media_type", "data"])) {
    part.file_data = toDataUrl(source.media_type as string, source.data as string);
  } else if (source.type === "text" && exactSource(source, ["type", "media_type", "data"])) {
    part.file_data = toDataUrl(source.media_type as string, utf8ToBase64(source.data as string));
  } else if (source.type === "url" && exactSource(source, ["type", "url"])) {
    part.file_url = source.url as string;
  } else if (source.type === "file" && exactSource(source, ["type", "file_id"])) {
    part.file_id = source.file_id as string;
  } else {
    return undefined;
  }
  const titled = typeof block.title === "string";
  if (titled) part.filename = block.title as string;
  return attach(
    part,
    interopWith(splitNative(block, titled ? new Set([...DOCUMENT_KEYS, "title"]) : DOCUMENT_KEYS)),
  );
}

// ---- encode -------------------------------------------------------------------------------

/**
 * IR part → Anthropic block (user turns, tool results). What Anthropic cannot take (audio,
 * image `detail`, file types other than PDF / plain text / images) is reported in `dropped`.
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 * @see https://docs.anthropic.com/en/docs/build-with-claude/pdf-support
 */
export function encodeContentPart(
  part: object,
  path: string,
  dropped: Dropped[],
): ContentBlockParam | undefined {
  const carried = rawOf(part)?.block;
  if (isObject(carried)) return carried as unknown as ContentBlockParam;
  const p = part as { type?: unknown };
  switch (p.type) {
    case "input_text":
    case "output_text":
      return encodeTextPart(part as { text: string }, path, dropped);
    case "refusal":
      return { type: "text", text: (part as { refusal: string }).refusal, ...nativeExtras(part) };
    case "input_image":
      return encodeImage(part as ResponseInputImage, path, dropped);
    case "input_file":
      return encodeFile(part as ResponseInputFile, path, dropped);
    default:
      dropped.push({ path, reason: `${String(p.type)} content has no equivalent in ${FORMAT}` });
      return undefined;
  }
}

/**
 * Text part → text block; the native `citations` and `cache_control` it came with go back.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/citations
 */
export function encodeTextPart(part: { text: string }, path: string, dropped: Dropped[]): TextBlockParam {
  const block: TextBlockParam = { type: "text", text: part.text };
  const citations = stateOf(part)?.citations;
  if (citations !== undefined) block.citations = citations as TextBlockParam["citations"];
  else reportAnnotations(part, path, dropped);
  return Object.assign(block, nativeExtras(part));
}

/**
 * Anthropic citations must point into a document or search result it was given (with
 * `cited_text`, indexes, `encrypted_index`…); another provider's URL annotations cannot be
 * turned into those, so they are reported.
 */
function reportAnnotations(part: object, path: string, dropped: Dropped[]): void {
  const annotations = (part as { annotations?: unknown }).annotations;
  if (Array.isArray(annotations) && annotations.length > 0) {
    dropped.push({
      path: `${path}.annotations`,
      reason: `${FORMAT} citations can only point into its own documents and search results`,
    });
  }
}

function encodeImage(
  part: ResponseInputImage,
  path: string,
  dropped: Dropped[],
): ImageBlockParam | undefined {
  if (part.detail !== undefined && part.detail !== "auto") {
    dropped.push({ path: `${path}.detail`, reason: `image detail has no equivalent in ${FORMAT}` });
  }
  let source: ImageBlockParam["source"];
  if (typeof part.image_url === "string" && part.image_url !== "") {
    const d = parseDataUrl(part.image_url);
    if (d === undefined) source = { type: "url", url: part.image_url };
    else if ((IMAGE_TYPES as readonly string[]).includes(d.mime)) {
      source = { type: "base64", media_type: d.mime as ImageMediaType, data: payloadBase64(d) };
    } else {
      dropped.push({ path, reason: `${FORMAT} takes JPEG, PNG, GIF and WebP images, not ${d.mime}` });
      return undefined;
    }
  } else if (typeof part.file_id === "string") {
    source = { type: "file", file_id: part.file_id };
  } else {
    dropped.push({ path, reason: "image has neither image_url nor file_id" });
    return undefined;
  }
  return Object.assign({ type: "image", source } satisfies ImageBlockParam, nativeExtras(part));
}

function encodeFile(
  part: ResponseInputFile,
  path: string,
  dropped: Dropped[],
): DocumentBlockParam | ImageBlockParam | undefined {
  let source: DocumentBlockParam["source"];
  if (typeof part.file_data === "string" && part.file_data !== "") {
    const d = parseDataUrl(part.file_data);
    // Bare base64 (no data: prefix) is how some clients send PDFs.
    const mime = d?.mime ?? "application/pdf";
    const b64 = d === undefined ? part.file_data : payloadBase64(d);
    if (mime === "application/pdf") source = { type: "base64", media_type: "application/pdf", data: b64 };
    else if (mime === "text/plain")
      source = { type: "text", media_type: "text/plain", data: base64ToUtf8(b64) };
    else if ((IMAGE_TYPES as readonly string[]).includes(mime)) {
      return encodeImage(
        { type: "input_image", detail: "auto", image_url: toDataUrl(mime, b64) },
        path,
        dropped,
      );
    } else {
      dropped.push({ path, reason: `${FORMAT} documents are PDF or plain text, not ${mime}` });
      return undefined;
    }
  } else if (typeof part.file_url === "string") {
    source = { type: "url", url: part.file_url };
  } else if (typeof part.file_id === "string") {
    source = { type: "file", file_id: part.file_id };
  } else {
    dropped.push({ path, reason: "file has no file_data, file_url or file_id" });
    return undefined;
  }
  const block: DocumentBlockParam = { type: "document", source };
  if (part.filename !== undefined) block.title = part.filename;
  return Object.assign(block, nativeExtras(part));
}
