/**
 * `switchyard serve --workers N` (node:cluster): a primary that forks N workers, all listening
 * on the same port (the primary accepts and hands connections round-robin). The primary
 * serves nothing and loads neither the core nor a provider: it starts workers, replaces one
 * that dies (with a back-off, so a crash loop does not spin) and on SIGTERM/SIGINT asks each
 * to drain. Workers share nothing: routing stats, round-robin positions, cooldowns and
 * `/metrics` are each worker's own (docs/workers.md).
 */
import cluster, { type Worker } from "node:cluster";
import { EventEmitter } from "node:events";
import { availableParallelism } from "node:os";
import { StartError } from "./start-error.ts";

/** Primary → worker. */
export type ToWorker = { switchyard: "stop" } | { switchyard: "stop-now" };

/** Worker → primary. */
export type FromWorker =
  | { switchyard: "ready"; url: string; banner: string; shutdownMs: number }
  | { switchyard: "start-error"; message: string };

export interface ClusterOptions {
  workers: number;
  /** Lines about workers starting, dying and being replaced. */
  log: (line: string) => void;
  /** The workers' entry point and arguments (default: this process's own, as node:cluster does). */
  exec?: string;
  args?: readonly string[];
  /** How long every worker has to be ready (default 30 s). */
  startTimeoutMs?: number;
  /** Delay before replacing a dead worker: `baseMs`, doubled for each other death in the last minute, at most `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
}

export interface RunningCluster {
  /** Where the workers listen (the real port when 0 was asked for). */
  url: string;
  /** The first worker's banner. */
  banner: string;
  /** The workers' drain bound (`server.shutdown_timeout_ms`). */
  shutdownMs: number;
  /** The workers alive now. */
  pids(): number[];
  /** Each worker drains (bounded) and exits; resolves when all have, true when all exited 0. */
  stop(): Promise<boolean>;
  /** Workers cut their connections and exit; resolves when all have. */
  stopNow(): Promise<void>;
}

const CRASH_WINDOW_MS = 60_000;
/** Past the drain bound, a worker that has not exited is killed. */
const KILL_GRACE_MS = 5_000;

/** `--workers`: a count, or `auto`/0 for one per core. */
export function workerCount(v: string | number): number | undefined {
  if (v === "auto" || v === 0 || v === "0") return availableParallelism();
  const n = typeof v === "number" ? v : /^\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 1024 ? n : undefined;
}

export const isClusterWorker = (): boolean => cluster.isWorker;

/** A worker telling the primary it is ready or could not start. */
export function tellPrimary(m: FromWorker): void {
  process.send?.(m);
}

/**
 * A worker's stop signals: SIGTERM sent to it, and the primary's requests. SIGINT is ignored:
 * Ctrl-C reaches every process of the terminal's group and the primary decides for all.
 * The primary's `stop` after a SIGTERM already counted is not a second signal (a group
 * SIGTERM reaches both); `stop-now` is.
 */
export function workerSignals(): EventEmitter {
  const signals = new EventEmitter();
  let stopping = false;
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {
    stopping = true;
    signals.emit("SIGTERM");
  });
  process.on("message", (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.switchyard === "stop" && !stopping) {
      stopping = true;
      signals.emit("SIGTERM");
    } else if (m.switchyard === "stop-now") {
      if (!stopping) signals.emit("SIGTERM");
      stopping = true;
      signals.emit("SIGTERM");
    }
  });
  return signals;
}

/** Forks the workers; resolves once every one is listening, rejects (with none left running) when one cannot start. */
export function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  if (opts.exec !== undefined) {
    cluster.setupPrimary({ exec: opts.exec, args: [...(opts.args ?? [])] });
  }
  const backoff = opts.backoff ?? { baseMs: 100, maxMs: 10_000 };
  const live = new Set<Worker>();
  const crashes: number[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let stopping = false;
  let ready = 0;
  let first: Extract<FromWorker, { switchyard: "ready" }> | undefined;
  let allExited: (() => void) | undefined;
  let clean = true;

  return new Promise<RunningCluster>((resolve, reject) => {
    let started = false;
    const fail = (why: string): void => {
      if (started || stopping) return;
      stopping = true;
      clearTimeout(timer);
      const gone = waitAll();
      for (const w of live) w.process.kill("SIGTERM");
      void gone.then(() => reject(new StartError(why)));
    };
    const startTimeout = opts.startTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () => fail(`workers were not ready in ${Math.round(startTimeout / 1000)} s`),
      startTimeout,
    );

    const fork = (): void => {
      const w = cluster.fork();
      live.add(w);
      let isReady = false;
      w.on("message", (m: unknown) => {
        if (!isMessage(m)) return;
        if (m.switchyard === "start-error") fail(m.message);
        if (m.switchyard !== "ready" || isReady) return;
        isReady = true;
        if (started) {
          opts.log(`worker ${w.process.pid} ready`);
          return;
        }
        first ??= m;
        if (++ready === opts.workers) {
          started = true;
          clearTimeout(timer);
          resolve(running(m));
        }
      });
      w.on("exit", (code, signal) => {
        live.delete(w);
        if (stopping && code !== 0) clean = false;
        if (live.size === 0 && pending.size === 0) allExited?.();
        if (stopping) return;
        const how = signal !== null ? `signal ${signal}` : `code ${code}`;
        if (!started) {
          fail(
            isReady
              ? `a worker exited with ${how} while starting`
              : `a worker exited with ${how} before it was ready`,
          );
          return;
        }
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && (crashes[0] ?? now) < now - CRASH_WINDOW_MS) crashes.shift();
        const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (crashes.length - 1));
        opts.log(`worker ${w.process.pid} exited with ${how}; starting a new one in ${delay} ms`);
        const t = setTimeout(() => {
          pending.delete(t);
          if (!stopping) fork();
        }, delay);
        pending.add(t);
      });
    };

    const waitAll = (): Promise<void> =>
      new Promise((done) => {
        if (live.size === 0) return done();
        allExited = done;
      });

    const halt = (msg: ToWorker, killAfterMs: number): Promise<void> => {
      stopping = true;
      for (const t of pending) clearTimeout(t);
      pending.clear();
      const gone = waitAll();
      for (const w of live) if (w.isConnected()) w.send(msg);
      const killer = setTimeout(() => {
        for (const w of live) {
          opts.log(`worker ${w.process.pid} still running after the drain: killing it`);
          w.process.kill("SIGKILL");
        }
      }, killAfterMs);
      return gone.then(() => clearTimeout(killer));
    };

    const running = (m: Extract<FromWorker, { switchyard: "ready" }>): RunningCluster => ({
      url: m.url,
      banner: (first ?? m).banner,
      shutdownMs: m.shutdownMs,
      pids: () => [...live].map((w) => w.process.pid ?? 0),
      stop: () => halt({ switchyard: "stop" }, m.shutdownMs + KILL_GRACE_MS).then(() => clean),
      stopNow: () => halt({ switchyard: "stop-now" }, 2_000),
    });

    for (let i = 0; i < opts.workers; i++) fork();
  });
}

function isMessage(m: unknown): m is ToWorker | FromWorker {
  return (
    typeof m === "object" && m !== null && typeof (m as { switchyard?: unknown }).switchyard === "string"
  );
}
