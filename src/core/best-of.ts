import { FORMATS } from "../formats/registry.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { IRResponse } from "../ir/response.ts";
import { runAttempts } from "./attempt-loop.ts";
import type { Deps } from "./deps.ts";
import type { GatewayResult, JsonResult } from "./gateway-types.ts";
import type { Decoded } from "./plan.ts";
import type { Target } from "./providers-in-use.ts";
import type { Routing } from "./route-plan.ts";

/**
 * `best_of` (issue 6): the first `n` planned deployments answer the same request at once,
 * each through the attempt loop on its own (retries, stats, cooldown, its own record — so
 * every call's usage reaches the ledger), and the gateway returns one answer, picked by a
 * simple selector: the longest text answer (ties: the earlier candidate). Length is a crude
 * proxy for quality, but deterministic and free; a judge model is not run by the gateway yet,
 * nor a streamed `best_of` (whose answers would have to be buffered whole anyway).
 */
export async function bestOf(
  d: Decoded,
  targets: readonly Target[],
  n: number,
  judge: boolean,
  deps: Deps,
  r: Routing,
): Promise<GatewayResult> {
  if (d.stream || judge) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: d.stream
        ? "best_of not supported by the gateway yet for streamed requests: send stream: false"
        : "best_of not supported by the gateway yet with a judge model: leave best_of.judge out (the longest answer is picked)",
      param: "model.best_of",
      code: "unsupported_strategy",
    });
  }
  const runs = await Promise.all(
    targets.slice(0, n).map(async (t) => read(d, await runAttempts(d, [t], deps, r))),
  );
  let best: { result: JsonResult; length: number } | undefined;
  let failed: JsonResult | undefined;
  for (const run of runs) {
    if (run.status !== 200 || run.length === undefined) {
      failed ??= run.result;
      continue;
    }
    if (best === undefined || run.length > best.length) best = { result: run.result, length: run.length };
  }
  const chosen = best?.result ?? failed!;
  chosen.headers = { ...chosen.headers, "x-switchyard-best-of": String(runs.length) };
  return chosen;
}

/** A result read whole (passthrough answers arrive as byte chunks), with its text's length. */
async function read(
  d: Decoded,
  res: GatewayResult,
): Promise<{ status: number; result: JsonResult; length?: number }> {
  let body: unknown;
  if (res.kind === "json") body = res.body;
  else {
    const parts: Buffer[] = [];
    for await (const c of res.chunks) parts.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
    try {
      body = JSON.parse(Buffer.concat(parts).toString("utf8"));
    } catch {
      body = Buffer.concat(parts).toString("utf8");
    }
  }
  const result: JsonResult = { kind: "json", status: res.status, headers: res.headers, body };
  if (res.status !== 200) return { status: res.status, result };
  let ir: IRResponse;
  try {
    ir = FORMATS[d.surface].decodeResponse(body).value;
  } catch {
    return { status: res.status, result };
  }
  return { status: res.status, result, length: textLength(ir) };
}

function textLength(ir: IRResponse): number {
  let length = 0;
  for (const item of ir.output) {
    if (item.type !== "message") continue;
    for (const part of item.content) if (part.type === "output_text") length += part.text.length;
  }
  return length;
}
