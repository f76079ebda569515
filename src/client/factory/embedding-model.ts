import { isObject } from "../../formats/validate.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { Usage } from "../../ir/usage.ts";
import { CoreModel, deadline, failure, noHeaders, resultJson, timeoutError } from "./core.ts";

export interface EmbedOptions {
  /** Output dimensions, where the model supports shortening. */
  dimensions?: number;
  timeout?: number;
  signal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per input text, in order. */
  embeddings: number[][];
  usage: Usage;
  model: string;
}

/** An embedding model of one provider, through the core's `handleAux` (OpenAI's embeddings shape). */
export class EmbeddingModel extends CoreModel {
  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<EmbedResult> {
    const name = this.id;
    const timeout = opts.timeout ?? this.timeout;
    const d = deadline(timeout, opts.signal);
    try {
      const result = await this.core.handleAux({
        endpoint: "embeddings",
        body: {
          model: name,
          input: [...texts],
          encoding_format: "float",
          ...(opts.dimensions === undefined ? {} : { dimensions: opts.dimensions }),
        },
        headers: noHeaders,
        ...(d.signal === undefined ? {} : { signal: d.signal }),
      });
      const err = await failure(result);
      if (err !== undefined) throw err;
      return decode(await resultJson(result), name, texts.length);
    } catch (e) {
      if (d.timedOut()) throw timeoutError(name, timeout ?? 0);
      throw e;
    } finally {
      d.clear();
    }
  }
}

function decode(body: unknown, name: string, count: number): EmbedResult {
  if (!isObject(body) || !Array.isArray(body.data)) throw bad(name, "no `data` list");
  const embeddings: number[][] = new Array(count);
  for (const [i, row] of body.data.entries()) {
    if (!isObject(row) || !Array.isArray(row.embedding)) throw bad(name, `data[${i}] has no embedding`);
    const index = typeof row.index === "number" ? row.index : i;
    embeddings[index] = row.embedding as number[];
  }
  if (embeddings.length !== count || embeddings.includes(undefined as unknown as number[])) {
    throw bad(name, `expected ${count} vectors`);
  }
  const u = isObject(body.usage) ? body.usage : {};
  const usage: Usage = {
    ...(typeof u.prompt_tokens === "number" ? { input_tokens: u.prompt_tokens } : {}),
    ...(typeof u.total_tokens === "number" ? { total_tokens: u.total_tokens } : {}),
  };
  return { embeddings, usage, model: typeof body.model === "string" ? body.model : name };
}

function bad(name: string, why: string): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    message: `${name}: bad embeddings answer: ${why}`,
  });
}
