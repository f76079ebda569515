import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import { replayAsStream } from "../ir/replay.ts";
import type { IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import {
  answerText,
  type BestOfAnswer,
  judgePrompt,
  longestAnswer,
  parseJudgeChoice,
  requestText,
} from "../routing/best-of.ts";
import { runAttempts } from "./attempt-loop.ts";
import type { Deps } from "./deps.ts";
import type { GatewayRequest, GatewayResult, JsonResult } from "./gateway-types.ts";
import type { Decoded } from "./plan.ts";
import type { Target } from "./providers-in-use.ts";
import type { Routing } from "./route-plan.ts";
import { encodeStream } from "./stream-translator.ts";

/**
 * `best_of` (issue 6): the first `n` planned deployments answer the same request at once,
 * each through the attempt loop on its own (retries, stats, cooldown, its own usage record),
 * and one answer is returned — the one a judge model names (`best_of.judge`), else the
 * longest (src/routing/best-of.ts). The judge's call is recorded like any other, so every
 * call's cost reaches the ledger. A streamed request is answered whole and replayed as the
 * surface's stream: no answer can be sent before all are in.
 */
export async function bestOf(
  d: Decoded,
  targets: readonly Target[],
  n: number,
  judge: string | undefined,
  deps: Deps,
  r: Routing,
  ask: (req: GatewayRequest) => Promise<GatewayResult>,
): Promise<GatewayResult> {
  const whole = d.stream ? answeredWhole(d) : d;
  const runs = await Promise.all(
    targets.slice(0, n).map(async (t) => read(whole, await runAttempts(whole, [t], deps, r))),
  );
  const answers: BestOfAnswer[] = runs.map((run, i) => ({
    provider: targets[i]!.deployment.provider,
    model: targets[i]!.deployment.model,
    text: run.ir === undefined ? "" : answerText(run.ir),
    ok: run.ir !== undefined,
  }));
  let pick: number | undefined;
  let judged = "";
  if (judge !== undefined && answers.filter((a) => a.ok).length > 1) {
    const verdict = await askJudge(judge, d.ir, answers, ask);
    pick = verdict.pick;
    judged = verdict.pick === undefined ? `unusable (${verdict.why})` : String(verdict.pick + 1);
  }
  pick ??= longestAnswer(answers);
  const chosen = runs[pick ?? 0]!;
  const headers: Record<string, string> = {
    ...chosen.result.headers,
    "x-switchyard-best-of": String(runs.length),
    ...(pick === undefined ? {} : { "x-switchyard-best-of-pick": String(pick + 1) }),
    ...(judge === undefined ? {} : { "x-switchyard-best-of-judge": `${judge}: ${judged || "not asked"}` }),
  };
  if (!d.stream || chosen.ir === undefined) return { ...chosen.result, headers };
  const text = encodeStream(d.surface, replayAsStream(chosen.ir), {
    request: d.ir,
    includeUsage: d.includeUsage,
    framing: d.framing,
  });
  return {
    kind: "stream",
    status: 200,
    headers: {
      ...headers,
      "content-type": d.framing === "json-array" ? "application/json" : "text/event-stream",
      "cache-control": "no-cache",
    },
    chunks: once(text),
  };
}

/** The same request, asked without streaming (the body's stream switches off too, for passthrough). */
function answeredWhole(d: Decoded): Decoded {
  let body = d.body;
  if (isObject(body)) {
    const { stream: _s, stream_options: _o, ...rest } = body;
    body = rest;
  }
  return { ...d, stream: false, body, ir: { ...d.ir, stream: false } };
}

/** Asks the judge (on the Responses surface, through the gateway itself) which answer is best. */
async function askJudge(
  judge: string,
  ir: IRRequest,
  answers: readonly BestOfAnswer[],
  ask: (req: GatewayRequest) => Promise<GatewayResult>,
): Promise<{ pick: number | undefined; why: string }> {
  const prompt = judgePrompt(requestText(ir), answers);
  const res = await ask({
    surface: "openai-responses",
    body: { model: judge, instructions: prompt.instructions, input: prompt.input },
    headers: () => undefined,
  });
  const read = await readJson(res);
  if (res.status !== 200) return { pick: undefined, why: `status ${res.status}` };
  let reply: IRResponse;
  try {
    reply = FORMATS["openai-responses"].decodeResponse(read).value;
  } catch {
    return { pick: undefined, why: "unreadable answer" };
  }
  const pick = parseJudgeChoice(answerText(reply), prompt.numbering);
  return { pick, why: pick === undefined ? "no answer number in its reply" : "" };
}

/** A result read whole (passthrough answers arrive as byte chunks) and, when it succeeded, decoded. */
async function read(d: Decoded, res: GatewayResult): Promise<{ result: JsonResult; ir?: IRResponse }> {
  const body = await readJson(res);
  const result: JsonResult = {
    kind: "json",
    status: res.status,
    headers: res.headers,
    body,
    ...(res.attempts === undefined ? {} : { attempts: res.attempts }),
  };
  if (res.status !== 200) return { result };
  try {
    return { result, ir: FORMATS[d.surface as FormatId].decodeResponse(body).value };
  } catch {
    return { result };
  }
}

async function readJson(res: GatewayResult): Promise<unknown> {
  if (res.kind === "json") return res.body instanceof Uint8Array ? parse(Buffer.from(res.body)) : res.body;
  const parts: Buffer[] = [];
  for await (const c of res.chunks) parts.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
  return parse(Buffer.concat(parts));
}

function parse(bytes: Buffer): unknown {
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
