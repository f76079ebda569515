import type { IROutputItem } from "./request.ts";
import type { IRResponse } from "./response.ts";
import type { IRStreamEvent } from "./stream.ts";

type Mutable = Record<string, unknown>;

/**
 * Builds the finished answer from IR stream events, the way an SDK's stream helper does:
 * items open at `output_item.added`, grow by deltas, and are replaced by the authoritative
 * `output_item.done`; the terminal event brings status, stop reason and usage. Used where the
 * whole answer is wanted (the library's `create`, usage tapping, tests); the gateway's stream
 * path never needs it.
 */
export class StreamAccumulator {
  #res: IRResponse = { id: "", model: "", status: "in_progress", output: [] };
  #items: Array<IROutputItem | undefined> = [];
  #error: { code: string; message: string } | undefined;
  #done = false;

  push(ev: IRStreamEvent): void {
    switch (ev.type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        this.#start(ev.response);
        return;
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        this.#finish(ev.response);
        return;
      case "response.output_item.added":
        this.#items[ev.output_index] = structuredClone(ev.item) as IROutputItem;
        return;
      case "response.output_item.done":
        this.#items[ev.output_index] = ev.item as IROutputItem;
        return;
      case "response.content_part.added": {
        const content = this.#content(ev.output_index);
        if (content !== undefined) content[ev.content_index] = structuredClone(ev.part) as unknown as Mutable;
        return;
      }
      case "response.content_part.done": {
        const content = this.#content(ev.output_index);
        if (content !== undefined) content[ev.content_index] = ev.part as unknown as Mutable;
        return;
      }
      case "response.output_text.delta":
        this.#appendPart(ev.output_index, ev.content_index, "text", ev.delta);
        return;
      case "response.output_text.done":
        this.#setPart(ev.output_index, ev.content_index, "text", ev.text);
        return;
      case "response.refusal.delta":
        this.#appendPart(ev.output_index, ev.content_index, "refusal", ev.delta);
        return;
      case "response.refusal.done":
        this.#setPart(ev.output_index, ev.content_index, "refusal", ev.refusal);
        return;
      case "response.output_text.annotation.added": {
        const part = this.#content(ev.output_index)?.[ev.content_index];
        if (part === undefined) return;
        const list = (part.annotations as unknown[] | undefined) ?? [];
        list[ev.annotation_index] = ev.annotation;
        part.annotations = list;
        return;
      }
      case "response.function_call_arguments.delta": {
        const item = this.#items[ev.output_index] as Mutable | undefined;
        if (item !== undefined) item.arguments = `${(item.arguments as string | undefined) ?? ""}${ev.delta}`;
        return;
      }
      case "response.function_call_arguments.done": {
        const item = this.#items[ev.output_index] as Mutable | undefined;
        if (item !== undefined) item.arguments = ev.arguments;
        return;
      }
      case "response.reasoning_summary_part.added":
        this.#list(ev.output_index, "summary")[ev.summary_index] = { ...ev.part };
        return;
      case "response.reasoning_summary_text.delta": {
        const s = this.#list(ev.output_index, "summary")[ev.summary_index] ?? {
          type: "summary_text",
          text: "",
        };
        s.text = `${(s.text as string | undefined) ?? ""}${ev.delta}`;
        this.#list(ev.output_index, "summary")[ev.summary_index] = s;
        return;
      }
      case "response.reasoning_summary_text.done":
        this.#list(ev.output_index, "summary")[ev.summary_index] = { type: "summary_text", text: ev.text };
        return;
      case "response.reasoning_text.delta": {
        const c = this.#list(ev.output_index, "content")[ev.content_index] ?? {
          type: "reasoning_text",
          text: "",
        };
        c.text = `${(c.text as string | undefined) ?? ""}${ev.delta}`;
        this.#list(ev.output_index, "content")[ev.content_index] = c;
        return;
      }
      case "response.reasoning_text.done":
        this.#list(ev.output_index, "content")[ev.content_index] = { type: "reasoning_text", text: ev.text };
        return;
      case "error": {
        const e = ev as unknown as {
          code?: string | null;
          message?: string;
          error?: { code?: string; message?: string };
        };
        this.#error = {
          code: e.code ?? e.error?.code ?? "server_error",
          message: e.message ?? e.error?.message ?? "stream error",
        };
        return;
      }
      default:
        return;
    }
  }

  /** Whether a terminal event (completed, incomplete, failed) has arrived. */
  get done(): boolean {
    return this.#done;
  }

  /** The answer so far (complete once `done`). */
  result(): IRResponse {
    const output = this.#items.filter((i): i is IROutputItem => i !== undefined);
    const res: IRResponse = { ...this.#res, output: output.length > 0 ? output : this.#res.output };
    if (this.#error !== undefined && res.error == null) {
      res.error = {
        code: this.#error.code as NonNullable<IRResponse["error"]>["code"],
        message: this.#error.message,
      };
    }
    return res;
  }

  #start(r: IRResponse): void {
    this.#res = { ...this.#res, ...r, output: this.#res.output };
  }

  #finish(r: IRResponse): void {
    this.#done = true;
    this.#res = { ...this.#res, ...r, output: r.output };
  }

  #content(outputIndex: number): Mutable[] {
    return this.#list(outputIndex, "content");
  }

  #list(outputIndex: number, key: "content" | "summary"): Mutable[] {
    const item = this.#items[outputIndex] as Mutable | undefined;
    if (item === undefined) return [];
    if (!Array.isArray(item[key])) item[key] = [];
    return item[key] as Mutable[];
  }

  #appendPart(o: number, c: number, key: "text" | "refusal", delta: string): void {
    const content = this.#content(o);
    const part = content[c] ?? { type: key === "text" ? "output_text" : "refusal", [key]: "" };
    part[key] = `${(part[key] as string | undefined) ?? ""}${delta}`;
    content[c] = part;
  }

  #setPart(o: number, c: number, key: "text" | "refusal", value: string): void {
    const content = this.#content(o);
    const part = content[c] ?? { type: key === "text" ? "output_text" : "refusal" };
    part[key] = value;
    content[c] = part;
  }
}

/** The finished answer of a whole event sequence. */
export function accumulate(events: Iterable<IRStreamEvent>): IRResponse {
  const acc = new StreamAccumulator();
  for (const ev of events) acc.push(ev);
  return acc.result();
}
