/**
 * What a request or an answer *means*, read off the IR: the parts every format can carry.
 * A cross-format translation must keep these, or say in `dropped` that it could not.
 */
import type { Dropped } from "../../src/ir/dropped.ts";
import { interopOf } from "../../src/ir/interop.ts";
import { type IRRequest, inputItems } from "../../src/ir/request.ts";
import type { IRResponse } from "../../src/ir/response.ts";
import type { StopKind } from "../../src/ir/stop-reason.ts";

interface Call {
  name: string;
  args: unknown;
}

function parseArgs(s: unknown): unknown {
  if (typeof s !== "string") return s;
  try {
    return JSON.parse(s === "" ? "{}" : s);
  } catch {
    return s;
  }
}

function partTexts(content: unknown): { text: string[]; images: number; files: number } {
  const out = { text: [] as string[], images: 0, files: 0 };
  if (typeof content === "string") {
    out.text.push(content);
    return out;
  }
  if (!Array.isArray(content)) return out;
  for (const p of content as Array<Record<string, unknown>>) {
    if (typeof p.text === "string") out.text.push(p.text);
    else if (typeof p.refusal === "string") out.text.push(p.refusal);
    else if (p.type === "input_image") out.images++;
    else if (p.type === "input_file") out.files++;
  }
  return out;
}

export interface RequestMeaning {
  system: string;
  turns: Array<{ role: string; text: string; images: number; files: number }>;
  calls: Call[];
  results: string[];
  tools: string[];
}

/** Normalises white space so that joining system blocks with or without newlines compares equal. */
function squash(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export function requestMeaning(req: IRRequest): RequestMeaning {
  const system: string[] = [];
  if (typeof req.instructions === "string" && req.instructions !== "") system.push(req.instructions);
  const m: RequestMeaning = { system: "", turns: [], calls: [], results: [], tools: [] };
  for (const item of inputItems(req)) {
    const it = item as unknown as Record<string, unknown>;
    const type = it.type ?? "message";
    if (type === "message") {
      const role = String(it.role);
      const c = partTexts(it.content);
      if (role === "system" || role === "developer") {
        system.push(...c.text);
        continue;
      }
      // an empty text part says nothing (Anthropic rejects one; its codec leaves it out)
      if (c.text.join("") === "" && c.images === 0 && c.files === 0) continue;
      const last = m.turns.at(-1);
      // consecutive messages of one role are one turn in formats that alternate roles
      if (last !== undefined && last.role === role) {
        last.text = squash(`${last.text} ${c.text.join(" ")}`);
        last.images += c.images;
        last.files += c.files;
      } else {
        m.turns.push({ role, text: squash(c.text.join(" ")), images: c.images, files: c.files });
      }
    } else if (type === "function_call") {
      m.calls.push({ name: String(it.name), args: parseArgs(it.arguments) });
    } else if (type === "function_call_output") {
      const out = it.output;
      m.results.push(squash(typeof out === "string" ? out : partTexts(out).text.join(" ")));
    }
  }
  m.system = squash(system.join(" "));
  for (const t of req.tools ?? []) if (t.type === "function") m.tools.push(t.name);
  return m;
}

export interface ResponseMeaning {
  text: string;
  calls: Call[];
  reasoning: string;
  stop: StopKind | undefined;
  input: number | undefined;
  output: number | undefined;
}

export function responseMeaning(res: IRResponse): ResponseMeaning {
  const text: string[] = [];
  const reasoning: string[] = [];
  const calls: Call[] = [];
  for (const item of res.output) {
    if (item.type === "message") text.push(...partTexts(item.content).text);
    else if (item.type === "function_call") calls.push({ name: item.name, args: parseArgs(item.arguments) });
    else if (item.type === "reasoning") {
      if (interopOf(item)?.anthropic?.redacted) continue;
      for (const s of item.summary) reasoning.push(s.text);
    }
  }
  return {
    text: squash(text.join(" ")),
    calls,
    reasoning: squash(reasoning.join(" ")),
    stop: res.stop_reason?.kind,
    input: res.usage?.input_tokens,
    output: res.usage?.output_tokens,
  };
}

/** Whether `dropped` accounts for a difference at `path` (the path or a parent/child of it). */
export function droppedCovers(dropped: Dropped[], path: string): boolean {
  return dropped.some(
    (d) =>
      d.path === path ||
      d.path.startsWith(`${path}.`) ||
      d.path.startsWith(`${path}[`) ||
      path.startsWith(`${d.path}.`) ||
      path.startsWith(`${d.path}[`),
  );
}
