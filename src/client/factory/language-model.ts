import { NativeEventReader } from "../../core/stream-translator.ts";
import { FORMATS } from "../../formats/registry.ts";
import { StreamAccumulator } from "../../ir/accumulate.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { StopKind } from "../../ir/stop-reason.ts";
import type { Usage } from "../../ir/usage.ts";
import { capabilitiesOf } from "./capabilities.ts";
import { type Core, CoreModel, deadline, failure, noHeaders, resultJson, timeoutError } from "./core.ts";

/** One turn of a conversation. System messages become the request's instructions. */
export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
}

/** JSON mode: any JSON object, or one matching `schema` (strict JSON Schema output). */
export interface JsonStructure {
  type: "json";
  schema?: Record<string, unknown>;
  /** Name for the schema (providers that want one); default `output`. */
  name?: string;
}

export interface ChatOptions {
  temperature?: number;
  maxTokens?: number;
  /** The whole exchange, in ms (for a stream: until its last event). */
  timeout?: number;
  structured?: JsonStructure;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  /** With `structured: { type: "json" }`: `text` parsed. */
  json?: unknown;
  usage: Usage;
  /** Why generation stopped (`end_turn`, `max_tokens`, …), on one scale for every provider. */
  stopReason: StopKind | undefined;
  /** The model that answered, as the provider named it. */
  model: string;
  provider: string;
  /** The whole answer in the IR (Responses shape): reasoning items, interop, ids. */
  raw: IRResponse;
}

/** A streamed answer: iterate for text deltas; `final()` gives the whole result after. */
export interface ChatStream extends AsyncIterable<string> {
  /** Drains what is left of the stream, then resolves with the full result (usage included). */
  final(): Promise<ChatResult>;
}

/** Defaults for every call of one model (a call's own options win). */
export interface LanguageDefaults {
  temperature?: number;
  maxTokens?: number;
  timeout?: number;
}

/**
 * A language model of one provider. Every call is a Responses request through the gateway
 * core in-process (`handle`, surface `openai-responses`, model `provider/model`): the core
 * translates to the provider's own format, and the answer is read back with the Responses
 * codec — the factory has no translation of its own.
 */
export class LanguageModel extends CoreModel {
  readonly #defaults: LanguageDefaults;

  constructor(provider: string, model: string, core: Core, defaults: LanguageDefaults = {}) {
    super(provider, model, core, defaults.timeout);
    this.#defaults = defaults;
  }

  async chatComplete(messages: readonly Message[], opts: ChatOptions = {}): Promise<ChatResult> {
    const timeout = opts.timeout ?? this.timeout;
    const d = deadline(timeout, opts.signal);
    try {
      const result = await this.core.handle({
        surface: "openai-responses",
        body: this.#body(messages, opts, false),
        headers: noHeaders,
        ...(d.signal === undefined ? {} : { signal: d.signal }),
      });
      if (d.timedOut()) throw timeoutError(this.id, timeout ?? 0);
      const err = await failure(result);
      if (err !== undefined) throw err;
      // passthrough (OpenAI) pipes the provider's bytes; translation answers with a JSON body
      const { value } = FORMATS["openai-responses"].decodeResponse(await resultJson(result));
      return this.#result(value, opts);
    } catch (e) {
      if (d.timedOut() && !(e instanceof SwitchyardError && e.kind === "timeout")) {
        throw timeoutError(this.id, timeout ?? 0);
      }
      throw e;
    } finally {
      d.clear();
    }
  }

  stream(messages: readonly Message[], opts: ChatOptions = {}): ChatStream {
    const acc = new StreamAccumulator();
    let finalResult: ChatResult | undefined;
    const run = async function* (this: LanguageModel): AsyncGenerator<string> {
      const timeout = opts.timeout ?? this.timeout;
      const d = deadline(timeout, opts.signal);
      try {
        const result = await this.core.handle({
          surface: "openai-responses",
          body: this.#body(messages, opts, true),
          stream: true,
          headers: noHeaders,
          ...(d.signal === undefined ? {} : { signal: d.signal }),
        });
        if (d.timedOut()) throw timeoutError(this.id, timeout ?? 0);
        const err = await failure(result);
        if (err !== undefined) throw err;
        if (result.kind !== "stream") throw new Error("unexpected JSON result for a streamed call");
        const reader = new NativeEventReader("sse");
        const decoder = FORMATS["openai-responses"].streamDecoder();
        const deltas = (natives: ReturnType<NativeEventReader["push"]>): string[] => {
          const out: string[] = [];
          for (const native of natives) {
            for (const ev of decoder.push(native)) {
              acc.push(ev);
              if (ev.type === "response.output_text.delta" && ev.delta !== "") out.push(ev.delta);
            }
          }
          return out;
        };
        for await (const chunk of result.chunks) yield* deltas(reader.push(chunk));
        yield* deltas(reader.end());
        for (const ev of decoder.end()) acc.push(ev);
        if (d.timedOut()) throw timeoutError(this.id, timeout ?? 0);
        const res = acc.result();
        if (res.status === "failed" || res.error != null) {
          throw new SwitchyardError({
            kind: "server",
            status: 502,
            message: `${this.id}: the stream failed: ${res.error?.message ?? "no terminal event"}`,
          });
        }
        finalResult = this.#result(res, opts);
      } catch (e) {
        if (d.timedOut() && !(e instanceof SwitchyardError && e.kind === "timeout")) {
          throw timeoutError(this.id, timeout ?? 0);
        }
        throw e;
      } finally {
        d.clear();
      }
    }.call(this);
    return {
      [Symbol.asyncIterator]: () => run,
      async final(): Promise<ChatResult> {
        for await (const _ of run) {
          // drain
        }
        if (finalResult === undefined) throw new Error("the stream was closed before it finished");
        return finalResult;
      },
    };
  }

  #body(messages: readonly Message[], opts: ChatOptions, stream: boolean): Record<string, unknown> {
    const system: string[] = [];
    const input: Array<{ type: "message"; role: "user" | "assistant"; content: string }> = [];
    for (const [i, m] of messages.entries()) {
      if (m.role === "system") system.push(m.content);
      else if (m.role === "user" || m.role === "assistant")
        input.push({ type: "message", role: m.role, content: m.content });
      else throw badMessage(i);
      if (typeof m.content !== "string") throw badMessage(i);
    }
    const temperature = opts.temperature ?? this.#defaults.temperature;
    const maxTokens = opts.maxTokens ?? this.#defaults.maxTokens;
    if (opts.structured !== undefined && opts.structured.schema === undefined) {
      if (capabilitiesOf(this.provider).jsonMode === "instructed") system.push(JSON_INSTRUCTION);
    }
    return {
      model: this.id,
      input,
      ...(system.length > 0 ? { instructions: system.join("\n\n") } : {}),
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { max_output_tokens: maxTokens }),
      ...(opts.structured === undefined ? {} : { text: { format: textFormat(opts.structured) } }),
      ...(stream ? { stream: true } : {}),
      store: false,
    };
  }

  #result(res: IRResponse, opts: ChatOptions): ChatResult {
    const text = outputText(res);
    const out: ChatResult = {
      text,
      usage: res.usage ?? {},
      stopReason: res.stop_reason?.kind,
      model: res.model,
      provider: this.provider,
      raw: res,
    };
    if (opts.structured !== undefined) out.json = parseJson(text, this.id);
    return out;
  }
}

/** For providers with no schemaless JSON mode (Anthropic). */
export const JSON_INSTRUCTION =
  "Answer with exactly one JSON object and nothing else: no prose, no Markdown code fence.";

function textFormat(s: JsonStructure): Record<string, unknown> {
  if (s.schema === undefined) return { type: "json_object" };
  return { type: "json_schema", name: s.name ?? "output", schema: s.schema, strict: true };
}

/** The text of the answer's message items, in order (reasoning and refusals left out). */
function outputText(res: IRResponse): string {
  let text = "";
  for (const item of res.output) {
    if (item.type !== "message") continue;
    for (const part of item.content) if (part.type === "output_text") text += part.text;
  }
  return text;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // an instructed JSON answer may come wrapped in prose or a Markdown fence
  }
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
  try {
    if (start >= 0 && end > start) return JSON.parse(text.slice(start, end + 1));
    throw new SyntaxError("no JSON value");
  } catch {
    throw new SwitchyardError({
      kind: "server",
      status: 502,
      message: `${name}: JSON mode was asked for but the answer is not valid JSON (${text.length} characters)`,
      code: "invalid_json_output",
    });
  }
}

function badMessage(i: number): SwitchyardError {
  return new SwitchyardError({
    kind: "invalid_request",
    message: `messages[${i}]: expected { role: "system" | "user" | "assistant", content: string }`,
    param: `messages[${i}]`,
  });
}
