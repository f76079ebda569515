import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";

/**
 * Replay mode: recorded provider traffic (the `../shared/wire` layout, see its INDEX.md) served
 * as it was recorded. A fixture is named by the `x-sim-fixture` header (a path relative to the
 * replay folder); without one, the first recorded success of the request's format and kind
 * (JSON body, SSE stream, or Gemini JSON-array stream) is served. Bytes go out as they are on
 * disk — except vercel-ai `*.chunks.txt` files, which hold one payload a line and get the SSE
 * framing INDEX.md prescribes.
 */
export type ReplayKind = "json" | "sse" | "json-array";

export interface ReplayFixture {
  /** Relative to the replay folder. */
  name: string;
  status: number;
  contentType: string;
  bytes: Buffer;
}

const FOLDERS: Record<FormatId, string> = {
  "openai-responses": "openai/responses",
  "openai-chat": "openai/chat-completions",
  "anthropic-messages": "anthropic/messages",
  gemini: "google/generate-content",
};

const CONTENT_TYPES: Record<ReplayKind, string> = {
  json: "application/json",
  sse: "text/event-stream; charset=utf-8",
  "json-array": "application/json; charset=UTF-8",
};

interface Candidate {
  path: string;
  kind: ReplayKind;
  status: number;
}

export class ReplayCatalog {
  readonly #dir: string;
  readonly #lists = new Map<FormatId, Candidate[]>();

  constructor(dir: string) {
    this.#dir = resolve(dir);
  }

  /** The fixture `name` names (relative to the replay folder). */
  named(name: string, format: FormatId): ReplayFixture {
    const path = resolve(this.#dir, name);
    if (!path.startsWith(this.#dir + sep) || !existsSync(path) || !statSync(path).isFile()) {
      throw new SwitchyardError({
        kind: "not_found",
        message: `x-sim-fixture: no recorded fixture ${JSON.stringify(name)} in the replay folder`,
        param: "x-sim-fixture",
      });
    }
    const fmt = formatOfPath(relative(this.#dir, path)) ?? format;
    const c = classify(path, fmt) ?? { path, kind: "json", status: 200 };
    return this.#load(c, fmt);
  }

  /** The first recorded success of `format` that is of `kind`. */
  first(format: FormatId, kind: ReplayKind): ReplayFixture | undefined {
    let list = this.#lists.get(format);
    if (list === undefined) {
      list = this.#scan(format);
      this.#lists.set(format, list);
    }
    const c = list.find((x) => x.kind === kind && x.status < 400);
    return c === undefined ? undefined : this.#load(c, format);
  }

  #load(c: Candidate, format: FormatId): ReplayFixture {
    let bytes = readFileSync(c.path);
    if (c.path.endsWith(".chunks.txt")) bytes = Buffer.from(frameChunks(format, bytes.toString("utf8")));
    return { name: relative(this.#dir, c.path), status: c.status, contentType: CONTENT_TYPES[c.kind], bytes };
  }

  #scan(format: FormatId): Candidate[] {
    const root = join(this.#dir, FOLDERS[format]);
    const out: Candidate[] = [];
    for (const source of list(root)) {
      const base = join(root, source);
      for (const f of list(join(base, "extracted"))) {
        const c = classify(join(base, "extracted", f), format);
        if (c !== undefined) out.push(c);
      }
      for (const f of list(base)) {
        const c = classify(join(base, f), format);
        if (c !== undefined) out.push(c);
      }
    }
    return out;
  }
}

function list(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).sort() : [];
}

function formatOfPath(rel: string): FormatId | undefined {
  const posix = rel.split(sep).join("/");
  return (Object.keys(FOLDERS) as FormatId[]).find((f) => posix.startsWith(`${FOLDERS[f]}/`));
}

/** What a recorded file is, or undefined when it is not an answer this format serves. */
function classify(path: string, format: FormatId): Candidate | undefined {
  if (path.endsWith(".response.sse") || path.endsWith(".response.json")) {
    const meta = readMeta(path.replace(/\.response\.(sse|json)$/, ".meta.json"));
    if (meta !== undefined && !servesFormat(meta.uri, format)) return undefined;
    const status = meta?.status ?? 200;
    if (path.endsWith(".sse")) return { path, kind: "sse", status };
    const stream = meta !== undefined && /:streamGenerateContent/.test(meta.uri);
    return { path, kind: stream ? "json-array" : "json", status };
  }
  if (path.endsWith(".chunks.txt")) return { path, kind: "sse", status: 200 };
  if (/\.(bin|sse|txt)$/.test(path) && !path.includes(`${sep}extracted${sep}`)) {
    const head = readFileSync(path, "utf8").slice(0, 4096);
    return /^(event|data):/m.test(head) ? { path, kind: "sse", status: 200 } : undefined;
  }
  if (path.endsWith(".json") && !path.endsWith(".meta.json") && !path.endsWith(".request.json")) {
    if (path.includes(`${sep}js-genai${sep}`)) return undefined; // parsed segments, not bodies
    return { path, kind: "json", status: isErrorBody(path) ? 400 : 200 };
  }
  return undefined;
}

function readMeta(path: string): { uri: string; status: number } | undefined {
  if (!existsSync(path)) return undefined;
  const m = JSON.parse(readFileSync(path, "utf8")) as { uri?: string; status?: { code?: number } };
  return { uri: m.uri ?? "", status: m.status?.code ?? 200 };
}

function servesFormat(uri: string, format: FormatId): boolean {
  const p = uri.split("?")[0] ?? "";
  switch (format) {
    case "openai-responses":
      return p.endsWith("/responses");
    case "openai-chat":
      return p.endsWith("/chat/completions");
    case "anthropic-messages":
      return p.endsWith("/messages");
    case "gemini":
      return /:(stream)?[gG]enerateContent$/.test(p);
    default:
      return format satisfies never;
  }
}

function isErrorBody(path: string): boolean {
  try {
    const b = JSON.parse(readFileSync(path, "utf8")) as { error?: unknown; type?: unknown };
    return (b.error !== undefined && b.error !== null) || b.type === "error";
  } catch {
    return false;
  }
}

/** One JSON payload a line → SSE frames, as INDEX.md prescribes for each format. */
export function frameChunks(format: FormatId, text: string): string {
  let out = "";
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    switch (format) {
      case "anthropic-messages":
      case "openai-responses":
        out += `event: ${payloadType(line)}\ndata: ${line}\n\n`;
        break;
      case "openai-chat":
        out += `data: ${line}\n\n`;
        break;
      case "gemini":
        out += `data: ${line}\r\n\r\n`;
        break;
      default:
        return format satisfies never;
    }
  }
  return format === "openai-chat" ? `${out}data: [DONE]\n\n` : out;
}

/** A payload's top-level `type`; read by pattern when the line is not JSON (hand-edited files). */
function payloadType(line: string): string {
  try {
    const t = (JSON.parse(line) as { type?: unknown }).type;
    if (typeof t === "string") return t;
  } catch {
    // fall through to the pattern
  }
  return /"type":\s*"([^"]+)"/.exec(line)?.[1] ?? "message";
}
