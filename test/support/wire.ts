/**
 * Catalog of the recorded provider traffic in `../shared/wire` (see its INDEX.md): every
 * non-streaming request, response and error body, tagged with its wire format. Tests
 * iterate these; nothing here is hand-written data.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FormatId } from "../../src/ir/stop-reason.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `../shared/wire` beside the checkout, or `SWITCHYARD_WIRE_DIR`. */
export const wireDir = process.env.SWITCHYARD_WIRE_DIR ?? resolve(repoRoot, "../shared/wire");

export function requireWire(): string {
  if (!existsSync(join(wireDir, "INDEX.md"))) {
    throw new Error(`recorded wire fixtures not found at ${wireDir} (set SWITCHYARD_WIRE_DIR)`);
  }
  return wireDir;
}

export interface Fixture {
  /** Path relative to the wire folder, for test names. */
  name: string;
  format: FormatId;
  body: unknown;
  /** HTTP status the body came with (200 for successes). */
  status: number;
  /** Gemini: model and streaming come from the URL. */
  model?: string;
  stream?: boolean;
}

const FOLDERS: Record<FormatId, string> = {
  "openai-responses": "openai/responses",
  "openai-chat": "openai/chat-completions",
  "anthropic-messages": "anthropic/messages",
  gemini: "google/generate-content",
};

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function list(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

interface Meta {
  uri: string;
  status: { code: number };
}

/** Does a recorded URI hit this format's generation endpoint? */
function uriFormat(uri: string): FormatId | undefined {
  const path = uri.split("?")[0] ?? "";
  if (path.endsWith("/responses")) return "openai-responses";
  if (path.endsWith("/chat/completions")) return "openai-chat";
  if (path.endsWith("/messages")) return "anthropic-messages";
  if (/:(stream)?[gG]enerateContent$/.test(path)) return "gemini";
  return undefined;
}

function geminiUrlInfo(uri: string): { model?: string; stream: boolean } {
  const m = /models\/([^:/?]+):(streamGenerateContent|generateContent)/.exec(uri);
  return m ? { model: m[1]!, stream: m[2] === "streamGenerateContent" } : { stream: false };
}

/** Extracted interactions (pydantic-ai, llm-anthropic, llm-gemini): request + response + meta. */
function* extracted(format: FormatId): Generator<{ base: string; meta: Meta }> {
  const root = join(requireWire(), FOLDERS[format]);
  for (const source of list(root)) {
    const dir = join(root, source, "extracted");
    for (const f of list(dir)) {
      if (!f.endsWith(".meta.json")) continue;
      const meta = readJson(join(dir, f)) as Meta;
      if ((meta as { method?: string }).method !== "POST" || uriFormat(meta.uri) !== format) continue;
      yield { base: join(dir, f.slice(0, -".meta.json".length)), meta };
    }
  }
}

function rel(path: string): string {
  return relative(wireDir, path);
}

/** Every recorded request body of a format (streaming or not: request bodies are JSON). */
export function requestFixtures(format: FormatId): Fixture[] {
  const out: Fixture[] = [];
  for (const { base, meta } of extracted(format)) {
    const path = `${base}.request.json`;
    if (!existsSync(path)) continue;
    const body = readJson(path);
    const fx: Fixture = { name: rel(path), format, body, status: 200 };
    if (format === "gemini") Object.assign(fx, geminiUrlInfo(meta.uri));
    out.push(fx);
  }
  if (format === "gemini") {
    for (const rec of jsGenaiRecordings()) {
      rec.requests.forEach((r, i) => {
        out.push({ name: `${rec.name}#request${i}`, format, body: r.body, status: 200, ...r.url });
      });
    }
  }
  return out;
}

function isErrorBody(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const b = body as { error?: unknown; type?: unknown };
  return (b.error !== undefined && b.error !== null) || b.type === "error";
}

/** Every recorded non-streaming success body of a format. */
export function responseFixtures(format: FormatId): Fixture[] {
  return bodies(format).filter((f) => f.status < 400 && !isErrorBody(f.body));
}

/** Every recorded error body of a format, with its status. */
export function errorFixtures(format: FormatId): Fixture[] {
  return bodies(format).filter((f) => f.status >= 400 || isErrorBody(f.body));
}

function bodies(format: FormatId): Fixture[] {
  const out: Fixture[] = [];
  for (const { base, meta } of extracted(format)) {
    const path = `${base}.response.json`;
    if (!existsSync(path)) continue;
    const info = format === "gemini" ? geminiUrlInfo(meta.uri) : { stream: false };
    // llm-gemini records streamGenerateContent as JSON arrays: those are streams, not bodies.
    if (info.stream) continue;
    out.push({ name: rel(path), format, body: readJson(path), status: meta.status.code });
  }
  const root = join(requireWire(), FOLDERS[format]);
  for (const f of list(join(root, "vercel-ai"))) {
    if (!f.endsWith(".json")) continue;
    const path = join(root, "vercel-ai", f);
    const body = readJson(path);
    out.push({ name: rel(path), format, body, status: isErrorBody(body) ? errorStatus(body) : 200 });
  }
  for (const f of list(join(root, "openai-python"))) {
    if (!f.endsWith(".json")) continue;
    const path = join(root, "openai-python", f);
    out.push({ name: rel(path), format, body: readJson(path), status: 200 });
  }
  if (format === "gemini") {
    for (const rec of jsGenaiRecordings()) {
      for (const r of rec.responses) {
        if (r.stream) continue;
        out.push({ name: rec.name, format, body: r.body, status: r.status });
      }
    }
  }
  return out;
}

/** Vercel error fixtures carry no status; infer it from the body. */
function errorStatus(body: unknown): number {
  const e = (body as { error?: { code?: unknown; type?: unknown } }).error;
  if (typeof e?.code === "number") return e.code;
  if (e?.type === "rate_limit_error" || e?.code === "insufficient_quota") return 429;
  return 400;
}

interface JsGenaiRecording {
  name: string;
  requests: Array<{ body: unknown; url: { model?: string; stream: boolean } }>;
  responses: Array<{ body: unknown; status: number; stream: boolean }>;
}

/** js-genai replay files: parsed bodies, one segment per SSE event for streams. */
function jsGenaiRecordings(): JsGenaiRecording[] {
  const dir = join(requireWire(), FOLDERS.gemini, "js-genai");
  const out: JsGenaiRecording[] = [];
  for (const f of list(dir)) {
    if (!f.endsWith(".json")) continue;
    const rec = readJson(join(dir, f)) as {
      interactions: Array<{
        request: { url: string; bodySegments: unknown[] };
        response: { statusCode: number; bodySegments: unknown[] };
      }>;
    };
    const r: JsGenaiRecording = { name: rel(join(dir, f)), requests: [], responses: [] };
    for (const it of rec.interactions) {
      if (uriFormat(it.request.url) !== "gemini") continue;
      const url = geminiUrlInfo(it.request.url);
      if (it.request.bodySegments[0] !== undefined)
        r.requests.push({ body: it.request.bodySegments[0], url });
      if (url.stream) continue;
      for (const body of it.response.bodySegments) {
        r.responses.push({ body, status: it.response.statusCode, stream: false });
      }
    }
    out.push(r);
  }
  return out;
}
