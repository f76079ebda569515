/**
 * Catalog of the recorded *streams* in `../shared/wire` (see its INDEX.md "How to use"),
 * each as the exact bytes an upstream would send: verbatim SSE where it was recorded so,
 * rebuilt from JSONL payloads (vercel `*.chunks.txt`) or parsed segments (js-genai) with the
 * framing INDEX.md prescribes, and Gemini JSON-array streams as recorded.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { FormatId } from "../../src/ir/stop-reason.ts";
import { requireWire, wireDir } from "./wire.ts";

export interface StreamFixture {
  name: string;
  /** Holds a payload that is not valid JSON (hand-edited recording): decoders must fail cleanly. */
  malformed?: boolean;
  format: FormatId;
  bytes: Uint8Array;
  /** Gemini: `alt=sse` framing or the JSON-array form. */
  framing: "sse" | "json-array";
  model?: string;
}

const FOLDERS: Record<FormatId, string> = {
  "openai-responses": "openai/responses",
  "openai-chat": "openai/chat-completions",
  "anthropic-messages": "anthropic/messages",
  gemini: "google/generate-content",
};

const enc = new TextEncoder();

function list(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function uriFormat(uri: string): FormatId | undefined {
  const path = uri.split("?")[0] ?? "";
  if (path.endsWith("/responses")) return "openai-responses";
  if (path.endsWith("/chat/completions")) return "openai-chat";
  if (path.endsWith("/messages")) return "anthropic-messages";
  if (/:streamGenerateContent$/.test(path)) return "gemini";
  return undefined;
}

function geminiModel(uri: string): string | undefined {
  return /models\/([^:/?]+):/.exec(uri)?.[1];
}

/** The SSE frame INDEX.md prescribes for one JSON payload of a format. */
function frame(format: FormatId, line: string): string {
  switch (format) {
    case "anthropic-messages":
    case "openai-responses":
      return `event: ${payloadType(line)}\ndata: ${line}\n\n`;
    case "openai-chat":
      return `data: ${line}\n\n`;
    case "gemini":
      return `data: ${line}\r\n\r\n`;
    default:
      return format satisfies never;
  }
}

/** A payload's `type`; read by pattern when the line is not JSON (one hand-edited recording). */
function payloadType(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { type?: string }).type;
  } catch {
    return /"type":"([^"]+)"/.exec(line)?.[1];
  }
}

/** The payload type that opens an answer: vercel files may hold several answers back to back. */
const OPENER: Partial<Record<FormatId, string>> = {
  "anthropic-messages": "message_start",
  "openai-responses": "response.created",
};

function splitAnswers(format: FormatId, lines: string[]): string[][] {
  const opener = OPENER[format];
  if (opener === undefined) return [lines];
  const out: string[][] = [];
  for (const line of lines) {
    const type = payloadType(line);
    if (type === opener || out.length === 0) out.push([]);
    out.at(-1)!.push(line);
  }
  return out;
}

export function streamFixtures(format: FormatId): StreamFixture[] {
  const root = join(requireWire(), FOLDERS[format]);
  const out: StreamFixture[] = [];
  const rel = (p: string) => relative(wireDir, p);
  // verbatim extracted interactions
  for (const source of list(root)) {
    const dir = join(root, source, "extracted");
    for (const f of list(dir)) {
      if (!f.endsWith(".meta.json")) continue;
      const meta = JSON.parse(readFileSync(join(dir, f), "utf8")) as {
        uri: string;
        status: { code: number };
      };
      if (meta.status.code !== 200) continue;
      const base = join(dir, f.slice(0, -".meta.json".length));
      const model = format === "gemini" ? geminiModel(meta.uri) : undefined;
      if (existsSync(`${base}.response.sse`) && uriFormat(meta.uri) === format) {
        out.push({
          name: rel(`${base}.response.sse`),
          format,
          bytes: readFileSync(`${base}.response.sse`),
          framing: "sse",
          ...(model ? { model } : {}),
        });
      } else if (
        format === "gemini" &&
        uriFormat(meta.uri) === "gemini" &&
        existsSync(`${base}.response.json`)
      ) {
        out.push({
          name: rel(`${base}.response.json`),
          format,
          bytes: readFileSync(`${base}.response.json`),
          framing: "json-array",
          ...(model ? { model } : {}),
        });
      }
    }
  }
  // verbatim SSE files
  for (const source of ["openai-python", "anthropic-sdk-python"]) {
    for (const f of list(join(root, source))) {
      const path = join(root, source, f);
      const text = readFileSync(path, "utf8");
      if (!(f.endsWith(".bin") || f.endsWith(".sse") || f.endsWith(".txt")) || !/^(event|data):/m.test(text))
        continue;
      out.push({ name: rel(path), format, bytes: readFileSync(path), framing: "sse" });
    }
  }
  // vercel JSONL payloads
  for (const f of list(join(root, "vercel-ai"))) {
    if (!f.endsWith(".chunks.txt")) continue;
    const path = join(root, "vercel-ai", f);
    const lines = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    splitAnswers(format, lines).forEach((answer, i, all) => {
      let text = answer.map((l) => frame(format, l)).join("");
      const malformed = answer.some((l) => !isJson(l));
      if (format === "openai-chat") text += "data: [DONE]\n\n";
      out.push({
        name: all.length > 1 ? `${rel(path)}#${i}` : rel(path),
        format,
        bytes: enc.encode(text),
        framing: "sse",
        ...(malformed ? { malformed } : {}),
      });
    });
  }
  // js-genai streams: one parsed body per SSE event
  if (format === "gemini") {
    for (const f of list(join(root, "js-genai"))) {
      const path = join(root, "js-genai", f);
      const rec = JSON.parse(readFileSync(path, "utf8")) as {
        interactions: Array<{
          request: { url: string };
          response: { statusCode: number; bodySegments: unknown[] };
        }>;
      };
      rec.interactions.forEach((it, i) => {
        if (!/:streamGenerateContent/.test(it.request.url) || it.response.statusCode !== 200) return;
        const text = it.response.bodySegments.map((s) => frame("gemini", JSON.stringify(s))).join("");
        const model = geminiModel(it.request.url);
        out.push({
          name: `${rel(path)}#${i}`,
          format,
          bytes: enc.encode(text),
          framing: "sse",
          ...(model ? { model } : {}),
        });
      });
    }
  }
  return out;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
