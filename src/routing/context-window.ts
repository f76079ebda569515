import type { SwitchyardError } from "../ir/error.ts";
import type { Candidate } from "./route.ts";
import type { ModelInfo } from "./scores.ts";
import { catalogInfo } from "./scores.ts";
import type { Exclusion } from "./strategies.ts";

/**
 * Context-window fallback (issue 6): a request too large for a model's window goes to a
 * candidate with a larger one. Run it on the strategy's order. Pure.
 */

export interface ContextFit {
  /** The order to try: candidates that fit (or whose window is unknown), order kept. */
  candidates: Candidate[];
  /** Candidates whose known window is smaller than the request. */
  excluded: Exclusion[];
}

/**
 * Drops candidates whose catalog context window is smaller than `tokens` (the estimated
 * input plus the output the request reserves). Dropping them moves the first larger-window
 * candidate to the front — the fallback — while the strategy's order holds otherwise.
 * Unknown windows are kept: the provider will say if the request is too large, and
 * `isContextWindowError` then sends the core on to the next candidate.
 * When nothing is left, `noCandidateError` from strategies.ts gives a 413 naming each window.
 */
export function fitContextWindow(
  candidates: readonly Candidate[],
  tokens: number,
  info: (c: Candidate) => ModelInfo | undefined = (c) => catalogInfo(c.id),
): ContextFit {
  const kept: Candidate[] = [];
  const excluded: Exclusion[] = [];
  for (const c of candidates) {
    const window = info(c)?.contextWindow;
    if (window !== undefined && window < tokens) {
      excluded.push({ candidate: c, reason: "context_window", value: tokens, limit: window });
    } else kept.push(c);
  }
  return { candidates: kept, excluded };
}

/**
 * Whether a provider refused the request for its size: OpenAI `context_length_exceeded`,
 * a 413, or the providers' "prompt is too long" / "exceeds the maximum number of tokens"
 * messages. Not retryable on the same model, but worth failing over to another.
 */
export function isContextWindowError(e: Pick<SwitchyardError, "status" | "code" | "message">): boolean {
  if (e.status === 413 || e.code === "context_length_exceeded") return true;
  if (e.status !== 400) return false;
  return /context (length|window)|prompt is too long|maximum (context|number of tokens)|too many tokens|input token count/i.test(
    e.message,
  );
}
