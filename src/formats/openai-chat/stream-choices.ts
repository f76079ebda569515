import { isObject, type JsonObject } from "../validate.ts";

/**
 * The other choices of an `n > 1` stream. The IR holds one answer (choice 0); the others have
 * no IR slot, so — exactly as the non-streaming codec keeps `choices[1…]` verbatim in
 * `interop.chat.raw.choices` — the stream decoder folds their deltas into whole native
 * choices (the shape `ChatCompletion.choices[i]` has) and the stream encoder plays them back
 * as one chunk each. This is the only place a Chat stream decoder holds text beyond the open
 * block, and only when the client asked for several answers.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
export class OtherChoices {
  #byIndex: Array<JsonObject | undefined> = [];

  /** Folds one chunk choice (index ≥ 1) into its native choice. */
  push(index: number, chunkChoice: JsonObject): void {
    let c = this.#byIndex[index];
    if (c === undefined) {
      c = {
        index,
        message: { role: "assistant", content: null, refusal: null },
        logprobs: null,
        finish_reason: null,
      };
      this.#byIndex[index] = c;
    }
    const m = c.message as JsonObject;
    const d = chunkChoice.delta;
    if (isObject(d)) {
      if (typeof d.role === "string") m.role = d.role;
      if (typeof d.content === "string") m.content = `${(m.content as string | null) ?? ""}${d.content}`;
      if (typeof d.refusal === "string") m.refusal = `${(m.refusal as string | null) ?? ""}${d.refusal}`;
      if (Array.isArray(d.tool_calls)) foldToolCalls(m, d.tool_calls);
    }
    const lp = chunkChoice.logprobs;
    if (isObject(lp)) {
      if (!isObject(c.logprobs)) c.logprobs = { content: null, refusal: null };
      const acc = c.logprobs as JsonObject;
      for (const key of ["content", "refusal"] as const) {
        const list = lp[key];
        if (Array.isArray(list)) acc[key] = [...((acc[key] as unknown[] | null) ?? []), ...list];
      }
    }
    if (typeof chunkChoice.finish_reason === "string") c.finish_reason = chunkChoice.finish_reason;
  }

  /** The folded native choices, by index. */
  choices(): JsonObject[] {
    return this.#byIndex.filter((c): c is JsonObject => c !== undefined);
  }
}

function foldToolCalls(m: JsonObject, deltas: unknown[]): void {
  if (!Array.isArray(m.tool_calls)) m.tool_calls = [];
  const calls = m.tool_calls as JsonObject[];
  for (const tc of deltas) {
    if (!isObject(tc) || typeof tc.index !== "number") continue;
    let call = calls[tc.index];
    if (call === undefined) {
      call = { id: "", type: "function", function: { name: "", arguments: "" } };
      calls[tc.index] = call;
    }
    if (typeof tc.id === "string") call.id = tc.id;
    if (typeof tc.type === "string") call.type = tc.type;
    const fn = tc.function;
    const target = call.function as JsonObject;
    if (isObject(fn)) {
      if (typeof fn.name === "string" && fn.name !== "") target.name = fn.name;
      if (typeof fn.arguments === "string") target.arguments = `${target.arguments as string}${fn.arguments}`;
    }
  }
}

/**
 * A native choice (`ChatCompletion.choices[i]`, as kept in `interop.chat.raw.choices`) as one
 * stream chunk choice: the whole message as the delta, tool calls carrying their `index`.
 */
export function choiceAsChunk(choice: unknown): JsonObject | undefined {
  if (!isObject(choice) || typeof choice.index !== "number" || !isObject(choice.message)) return undefined;
  const { tool_calls, ...message } = choice.message;
  const delta: JsonObject = { ...message };
  if (Array.isArray(tool_calls))
    delta.tool_calls = tool_calls.map((tc, index) => (isObject(tc) ? { index, ...tc } : tc));
  return {
    index: choice.index,
    delta,
    logprobs: choice.logprobs ?? null,
    finish_reason: choice.finish_reason ?? "stop",
  };
}
