import { type ErrorKind, SwitchyardError } from "../ir/error.ts";

/** One try of one deployment, kept for the `x-switchyard-attempts` header and errors. */
export interface Attempt {
  provider: string;
  model: string;
  /** The candidate as the caller or the pool wrote it (`claude-haiku-4-5`, an alias), when known. */
  name?: string;
  /** HTTP status; 200 for a success, the core's 502/504 for connection errors. */
  status: number;
  /** "ok" for a success, else the error kind (or "connection"). */
  kind: ErrorKind | "connection" | "ok";
  message: string;
  durationMs: number;
  /** Seconds, when the upstream sent `retry-after`. */
  retryAfter?: number;
}

/**
 * Which failure the caller should see: the last one, unless it is only a transient one
 * (server, timeout, connection) and an earlier attempt said something the caller can act
 * on — a client error (4xx other than 408/429), then a rate limit (with its retry-after).
 */
export function mostTelling(attempts: readonly Attempt[]): Attempt | undefined {
  const failed = attempts.filter((a) => a.kind !== "ok");
  const last = failed.at(-1);
  if (last === undefined) return undefined;
  const transient = (a: Attempt): boolean =>
    a.kind === "server" || a.kind === "timeout" || a.kind === "connection" || a.kind === "overloaded";
  if (!transient(last)) return last;
  const actionable = failed.findLast(
    (a) =>
      a.status >= 400 && a.status < 500 && a.status !== 408 && a.status !== 429 && a.kind !== "cancelled",
  );
  return actionable ?? failed.findLast((a) => a.kind === "rate_limit") ?? last;
}

/**
 * The error when every candidate failed: its message lists each attempt (provider, model,
 * status, message); its status and kind are the most telling failure's, so the caller's
 * SDK reacts as it should (a 429 stays a 429 with its retry-after).
 */
export function allFailedError(attempts: readonly Attempt[], surfaceMessage?: string): SwitchyardError {
  const pick = mostTelling(attempts);
  const lines = attempts.map(
    (a, i) =>
      `${i + 1}) ${a.provider}/${a.model}: ${a.status} ${a.message}`.trimEnd() +
      ` (${Math.round(a.durationMs)} ms)`,
  );
  const head = surfaceMessage ?? `all ${attempts.length} attempt${attempts.length === 1 ? "" : "s"} failed`;
  const kind: ErrorKind =
    pick === undefined || pick.kind === "ok" ? "server" : pick.kind === "connection" ? "server" : pick.kind;
  const status = pick === undefined ? 502 : pick.kind === "connection" ? 502 : pick.status;
  return new SwitchyardError({
    kind,
    status,
    message: `${head}: ${lines.join("; ")}`,
    ...(pick?.retryAfter === undefined ? {} : { retryAfter: pick.retryAfter }),
    source: "switchyard",
    raw: { attempts },
  });
}

/** The `x-switchyard-attempts` header value: the number of attempts made. */
export function attemptsHeader(attempts: readonly Attempt[]): string {
  return String(attempts.length);
}
