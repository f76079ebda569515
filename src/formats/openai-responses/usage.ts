/**
 * Responses `usage` ↔ IR `Usage`. The IR follows OpenAI's own semantics (input includes
 * cached tokens, output includes reasoning), so the numbers map one to one:
 *
 * | ResponseUsage                              | IR Usage             |
 * |--------------------------------------------|----------------------|
 * | input_tokens                               | input_tokens         |
 * | input_tokens_details.cached_tokens         | cached_input_tokens  |
 * | input_tokens_details.cache_write_tokens    | cache_write_tokens   |
 * | output_tokens                              | output_tokens        |
 * | output_tokens_details.reasoning_tokens     | reasoning_tokens     |
 * | total_tokens                               | total_tokens         |
 *
 * Every count is required on the wire. Where the IR says "unknown" (`undefined`), the
 * encoder writes 0 — the only number the schema allows that claims nothing extra — except
 * `total_tokens`, which is input + output. Fields the IR has no slot for (e.g.
 * `cache_write_tokens_details`) come back as `extra`, for `interop.openai.raw`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
import type { ResponseUsage } from "openai/resources/responses/responses";
import { totalTokens, type Usage } from "../../ir/usage.ts";
import { isObject, type JsonObject, unknownKeys } from "../validate.ts";

export interface DecodedUsage {
  usage: Usage;
  /** Native fields with no IR slot, shaped like the usage object they came from. */
  extra: JsonObject | undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Usage fields this codec maps; any other is kept as it came (`extra`). */
const USAGE_FIELDS: ReadonlySet<string> = new Set([
  "input_tokens",
  "output_tokens",
  "total_tokens",
  "input_tokens_details",
  "output_tokens_details",
]);
const INPUT_DETAIL_FIELDS: ReadonlySet<string> = new Set(["cached_tokens", "cache_write_tokens"]);
const OUTPUT_DETAIL_FIELDS: ReadonlySet<string> = new Set(["reasoning_tokens"]);

export function decodeUsage(native: unknown): DecodedUsage | undefined {
  if (!isObject(native)) return undefined;
  const inDetails = isObject(native.input_tokens_details) ? native.input_tokens_details : {};
  const outDetails = isObject(native.output_tokens_details) ? native.output_tokens_details : {};
  const usage: Usage = {};
  const set = (key: keyof Usage, v: number | undefined): void => {
    if (v !== undefined) usage[key] = v;
  };
  set("input_tokens", num(native.input_tokens));
  set("output_tokens", num(native.output_tokens));
  set("cached_input_tokens", num(inDetails.cached_tokens));
  set("cache_write_tokens", num(inDetails.cache_write_tokens));
  set("reasoning_tokens", num(outDetails.reasoning_tokens));
  set("total_tokens", num(native.total_tokens));

  let extra = unknownKeys(native, USAGE_FIELDS);
  const inExtra = unknownKeys(inDetails, INPUT_DETAIL_FIELDS);
  const outExtra = unknownKeys(outDetails, OUTPUT_DETAIL_FIELDS);
  if (inExtra !== undefined) extra = { ...extra, input_tokens_details: inExtra };
  if (outExtra !== undefined) extra = { ...extra, output_tokens_details: outExtra };
  return { usage, extra };
}

export function encodeUsage(usage: Usage, extra?: JsonObject): ResponseUsage {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  const extraIn = isObject(extra?.input_tokens_details) ? extra.input_tokens_details : {};
  const extraOut = isObject(extra?.output_tokens_details) ? extra.output_tokens_details : {};
  const { input_tokens_details: _i, output_tokens_details: _o, ...extraTop } = extra ?? {};
  return {
    ...extraTop,
    input_tokens: input,
    input_tokens_details: {
      ...extraIn,
      cached_tokens: usage.cached_input_tokens ?? 0,
      cache_write_tokens: usage.cache_write_tokens ?? 0,
    },
    output_tokens: output,
    output_tokens_details: { ...extraOut, reasoning_tokens: usage.reasoning_tokens ?? 0 },
    total_tokens: totalTokens(usage) ?? input + output,
  };
}
