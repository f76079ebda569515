import { flushCompileCache } from "node:module";
import {
  isClusterWorker,
  type RunningCluster,
  startCluster,
  tellPrimary,
  workerCount,
  workerSignals,
} from "../server/cluster.ts";
import { ConfigError } from "../server/config-error.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "../server/defaults.ts";
import type { RunningGateway, ServeDeps } from "../server/start.ts";
import { StartError } from "../server/start-error.ts";
import { parseFlags, portFlag, stringFlag, UsageError } from "./args.ts";
import type { CliIO } from "./io.ts";

export const SERVE_HELP = `usage: switchyard serve [options]

Runs the gateway: the OpenAI, Anthropic and Gemini APIs on one port, any model behind any of
them. With no provider keys in the environment or config, the built-in simulator answers
gpt-*, claude-* and gemini-* models, offline.

options:
  --host HOST               address to listen on (default ${DEFAULT_HOST})
  --port N                  port (default ${DEFAULT_PORT}; 0 picks a free one)
  --config FILE             YAML config: server, providers, aliases, timeouts
  --allow-unauthenticated   serve a non-loopback address without a gateway key
  --simulator               use the built-in simulator even when provider keys are set
  --quiet                   no per-request log lines
  --workers N|auto          N processes on the port (node:cluster); auto = one per core
                            (default 1). Routing state and /metrics are per worker.
  -h, --help                this text

environment:
  SWITCHYARD_MASTER_KEY     the key clients must send (Bearer, x-api-key, x-goog-api-key, ?key=)
  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, …   provider keys
  <PROVIDER>_BASE_URL       point a provider at any compatible server
`;

const FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  config: { type: "string" },
  "allow-unauthenticated": { type: "boolean" },
  simulator: { type: "boolean" },
  quiet: { type: "boolean" },
  workers: { type: "string" },
} as const;

/** Signals the process gets (an EventEmitter in tests). */
export interface SignalSource {
  once(sig: "SIGTERM" | "SIGINT", fn: () => void): unknown;
  on(sig: "SIGTERM" | "SIGINT", fn: () => void): unknown;
}

/**
 * `switchyard serve`: starts, prints the banner, and on SIGTERM/SIGINT drains in-flight
 * requests (bounded by `server.shutdown_timeout_ms`) before closing. A second signal exits at
 * once. Resolves with the exit status.
 */
export async function serve(
  args: readonly string[],
  io: CliIO,
  deps: ServeDeps | (() => Promise<ServeDeps>),
  signals: SignalSource = process,
): Promise<number> {
  const p = parseFlags("serve", args, FLAGS);
  if (p.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  const workers = workersFlag(p.values.workers);
  const worker = workers > 1 && isClusterWorker();
  if (workers > 1 && !worker) return servePrimary(workers, io, signals);
  let running: RunningGateway;
  try {
    // loaded here: a cluster's primary serves nothing and needs none of the server
    const { startGateway } = await import("../server/start.ts");
    running = await startGateway(
      {
        host: stringFlag(p.values.host),
        port: portFlag("serve", p.values.port),
        configFile: stringFlag(p.values.config),
        quiet: p.values.quiet === true,
        allowUnauthenticated: p.values["allow-unauthenticated"] === true,
        simulator: p.values.simulator === true,
        workers,
      },
      typeof deps === "function" ? await deps() : deps,
    );
  } catch (e) {
    if (e instanceof StartError || e instanceof ConfigError) {
      if (worker) tellPrimary({ switchyard: "start-error", message: e.message });
      else io.err(`switchyard serve: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // what this start compiled is kept even if the process is killed rather than stopped
  flushCompileCache();
  if (!worker) {
    io.err(running.banner);
    return untilSignal(running, io, signals);
  }
  tellPrimary({
    switchyard: "ready",
    url: running.url,
    banner: running.banner,
    shutdownMs: running.shutdownMs,
  });
  const tagged: CliIO = { out: io.out, err: (s) => io.err(`worker ${process.pid}: ${s}`) };
  const code = await untilSignal(running, tagged, workerSignals());
  // the IPC channel would keep this worker alive
  process.disconnect?.();
  return code;
}

/** `--workers`: absent → 1 (no cluster). */
function workersFlag(v: string | boolean | undefined): number {
  if (typeof v !== "string") return 1;
  const n = workerCount(v);
  if (n === undefined) {
    throw new UsageError(
      `switchyard serve: --workers must be a number of processes (1 or more), or 0 or auto for one per core, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/** The cluster's primary: forks the workers, prints the banner once, and on a signal stops them all. */
async function servePrimary(workers: number, io: CliIO, signals: SignalSource): Promise<number> {
  let c: RunningCluster;
  try {
    c = await startCluster({ workers, log: (line) => io.err(`${line}\n`) });
  } catch (e) {
    if (e instanceof StartError) {
      io.err(`switchyard serve: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  io.err(c.banner);
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (sig: string): void => {
      if (stopping) {
        io.err(`${sig} again: exiting now\n`);
        void c.stopNow().then(() => resolve(130));
        return;
      }
      stopping = true;
      io.err(`${sig}: stopping ${workers} workers (each lets its requests finish)…\n`);
      void c.stop().then((clean) => {
        io.err(clean ? "stopped\n" : "stopped (a worker did not exit cleanly)\n");
        resolve(0);
      });
    };
    signals.on("SIGTERM", () => stop("SIGTERM"));
    signals.on("SIGINT", () => stop("SIGINT"));
  });
}

export function untilSignal(running: RunningGateway, io: CliIO, signals: SignalSource): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let stopped = false;
    const stop = (sig: string): void => {
      if (stopped) return;
      if (stopping) {
        io.err(`${sig} again: exiting now\n`);
        // cut what is still running: the pending shutdown then closes the rest at once
        running.server.closeAllConnections();
        resolve(130);
        return;
      }
      stopping = true;
      const n = running.server.inFlight;
      io.err(`${sig}: stopping${n > 0 ? `, letting ${n} request${n === 1 ? "" : "s"} finish` : ""}…\n`);
      running.shutdown().then(
        (clean) => {
          stopped = true;
          io.err(clean ? "stopped\n" : "stopped (cut requests still running at the deadline)\n");
          resolve(0);
        },
        (e: unknown) => {
          io.err(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(1);
        },
      );
    };
    signals.on("SIGTERM", () => stop("SIGTERM"));
    signals.on("SIGINT", () => stop("SIGINT"));
  });
}
