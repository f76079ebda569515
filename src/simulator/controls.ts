import { invalidRequest } from "../ir/error.ts";

/**
 * Fault and pacing controls, set per request by header (`x-sim-latency-ms: 200`) or by a
 * suffix on the model name (`gpt-4o~latency=200~tps=50`). A suffix reaches the simulator
 * through any client and any gateway that passes the model name on, which a header may not;
 * a header wins when both are given. README.md lists them all.
 */
export interface Controls {
  /** Delay before the response starts (ms). */
  latencyMs: number;
  /** Streaming: delay between the headers and the first event (ms). */
  ttftMs: number;
  /** Streaming: text and argument deltas paced at this many tokens/s (≈4 chars a token); 0 = unpaced. */
  tps: number;
  /** Streaming: characters per text/argument delta. */
  chunk?: number;
  /** Answer with this HTTP status, in the format's own error envelope. */
  error?: number;
  /** Seconds for `retry-after` (429 defaults to 1). */
  retryAfter?: number;
  /** Accept and never answer, until the client goes away. */
  hang: boolean;
  /** Streaming: destroy the socket after this many events (non-streamed: at once). */
  disconnectAfter?: number;
  /**
   * Apply the fault (error, hang, disconnect) to the first N requests with the same model and
   * fault only, then answer normally. Alone, it implies `error=500`.
   */
  failTimes?: number;
  /** Replay mode: the fixture to serve, relative to `replayDir`. */
  fixture?: string;
}

export interface ParsedControls {
  /** The model name without its `~…` suffixes. */
  model: string | undefined;
  controls: Controls;
}

type Getter = (name: string) => string | undefined;

interface Spec {
  header: string;
  suffix: string;
  set(c: Controls, value: string | undefined, where: string): void;
}

const SPECS: readonly Spec[] = [
  { header: "x-sim-latency-ms", suffix: "latency", set: (c, v, w) => (c.latencyMs = num(v, w, 0)) },
  { header: "x-sim-ttft-ms", suffix: "ttft", set: (c, v, w) => (c.ttftMs = num(v, w, 0)) },
  { header: "x-sim-tps", suffix: "tps", set: (c, v, w) => (c.tps = num(v, w, 0)) },
  { header: "x-sim-chunk", suffix: "chunk", set: (c, v, w) => (c.chunk = num(v, w, 1, true)) },
  { header: "x-sim-error", suffix: "error", set: (c, v, w) => (c.error = status(v, w)) },
  { header: "x-sim-retry-after", suffix: "retry", set: (c, v, w) => (c.retryAfter = num(v, w, 0)) },
  { header: "x-sim-hang", suffix: "hang", set: (c, v, w) => (c.hang = flag(v, w)) },
  {
    header: "x-sim-disconnect-after",
    suffix: "disconnect",
    set: (c, v, w) => (c.disconnectAfter = num(v ?? "0", w, 0, true)),
  },
  { header: "x-sim-fail-times", suffix: "fail", set: (c, v, w) => (c.failTimes = num(v, w, 0, true)) },
];

const BY_SUFFIX = new Map(SPECS.map((s) => [s.suffix, s]));

export function defaultControls(): Controls {
  return { latencyMs: 0, ttftMs: 0, tps: 0, hang: false };
}

/**
 * Controls from the model suffixes, then the headers. Throws an `invalid_request` error
 * naming the control for an unknown suffix or a bad value, so a typo fails loudly.
 */
export function parseControls(model: string | undefined, header: Getter): ParsedControls {
  const c = defaultControls();
  let name = model;
  const tilde = model?.indexOf("~") ?? -1;
  if (model !== undefined && tilde !== -1) {
    name = model.slice(0, tilde);
    for (const piece of model.slice(tilde + 1).split("~")) {
      if (piece === "") continue;
      const eq = piece.indexOf("=");
      const key = eq === -1 ? piece : piece.slice(0, eq);
      const spec = BY_SUFFIX.get(key);
      if (spec === undefined) {
        throw invalidRequest(
          "model",
          `simulator controls among ${[...BY_SUFFIX.keys()].map((k) => `~${k}`).join(", ")}, got ~${key}`,
        );
      }
      spec.set(c, eq === -1 ? undefined : piece.slice(eq + 1), `model (~${key})`);
    }
  }
  for (const spec of SPECS) {
    const v = header(spec.header);
    if (v !== undefined) spec.set(c, v, spec.header);
  }
  const fixture = header("x-sim-fixture");
  if (fixture !== undefined && fixture !== "") c.fixture = fixture;
  // `~fail=N` alone means "fail N times": with a 500, the plainest retryable fault.
  if (c.failTimes !== undefined && faultOf(c) === undefined) c.error = 500;
  return { model: name, controls: c };
}

/** The fault a request asks for, as a key for `fail` counting; undefined when none. */
export function faultOf(c: Controls): string | undefined {
  if (c.hang) return "hang";
  if (c.error !== undefined) return `error=${c.error}`;
  if (c.disconnectAfter !== undefined) return `disconnect=${c.disconnectAfter}`;
  return undefined;
}

function num(v: string | undefined, where: string, min: number, integer = false): number {
  const n = v === undefined || v.trim() === "" ? Number.NaN : Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw invalidRequest(
      where,
      `${integer ? "an integer" : "a number"} ≥ ${min}, got ${JSON.stringify(v ?? "")}`,
    );
  }
  return n;
}

function status(v: string | undefined, where: string): number {
  const n = num(v, where, 400, true);
  if (n > 599) throw invalidRequest(where, `an HTTP error status (400–599), got ${JSON.stringify(v)}`);
  return n;
}

function flag(v: string | undefined, where: string): boolean {
  if (v === undefined || v === "" || v === "1" || v === "true") return true;
  if (v === "0" || v === "false") return false;
  throw invalidRequest(where, `true or false, got ${JSON.stringify(v)}`);
}
