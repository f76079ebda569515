import type { AddressInfo } from "node:net";
import type { Gateway, GatewayConfig } from "../core/gateway-types.ts";
import type { GatewayHooks } from "../core/record.ts";
import type { Env } from "../providers/credentials.ts";
import type { RunningSimulator, SimulatorOptions } from "../simulator/types.ts";
import { createAuth } from "./auth.ts";
import { DEFAULT_BODY_LIMIT } from "./body.ts";
import type { SwitchyardConfig } from "./config.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults.ts";
import { providersWithKeys, SIMULATED_FAMILIES, withSimulator } from "./embedded.ts";
import { isLoopback, urlHost } from "./host.ts";
import { type LogSink, stderrSink } from "./log.ts";
import { Metrics } from "./metrics.ts";
import { createServer, DEFAULT_SHUTDOWN_MS, type GatewayServer } from "./server.ts";
import { StartError } from "./start-error.ts";

export { DEFAULT_HOST, DEFAULT_PORT };

/** Command-line choices; each beats the config file, which beats the defaults. */
export interface ServeOptions {
  host?: string;
  port?: number;
  configFile?: string;
  /** No per-request log lines. */
  quiet?: boolean;
  /** Serve a non-loopback address without a gateway key. */
  allowUnauthenticated?: boolean;
  /** Use the built-in simulator even when provider keys are set. */
  simulator?: boolean;
  env?: Env;
  /** Where request lines go (default stderr). */
  log?: LogSink;
  /** Processes serving the port (`--workers`), for the banner. */
  workers?: number;
}

/** The parts that live in other folders, passed in so this file (and its tests) need neither. */
export interface ServeDeps {
  createGateway(config: GatewayConfig, hooks?: GatewayHooks): Gateway;
  startSimulator(opts: SimulatorOptions): Promise<RunningSimulator>;
}

export interface RunningGateway {
  url: string;
  server: GatewayServer;
  gateway: Gateway;
  simulator: RunningSimulator | undefined;
  /** Human text for the terminal: where to point each SDK, auth, providers. */
  banner: string;
  /** Providers the gateway was given keys for (or the simulated ones). */
  providers: string[];
  /** The drain bound `shutdown()` uses by default (`server.shutdown_timeout_ms`). */
  shutdownMs: number;
  /** Drain the server (bounded), then close the gateway and the simulator. True when nothing was cut. */
  shutdown(timeoutMs?: number): Promise<boolean>;
}

export { StartError };

/** The gateway config with the embedded simulator when no provider key is anywhere. */
export interface PreparedGateway {
  config: GatewayConfig;
  providers: string[];
  simulator: RunningSimulator | undefined;
}

/**
 * Provider keys in the environment or config → those providers; none (or `force`) → the
 * simulator in-process on a free loopback port, behind OpenAI, Anthropic and Gemini.
 */
export async function prepareGateway(
  config: GatewayConfig,
  env: Env,
  deps: Pick<ServeDeps, "startSimulator">,
  force = false,
): Promise<PreparedGateway> {
  const keyed = providersWithKeys(config, env);
  if (keyed.length > 0 && !force) return { config, providers: keyed, simulator: undefined };
  const simulator = await deps.startSimulator({ host: "127.0.0.1", port: 0 });
  return {
    config: withSimulator(config, simulator.url),
    providers: ["openai", "anthropic", "gemini"],
    simulator,
  };
}

export async function readConfig(file: string | undefined, env: Env): Promise<SwitchyardConfig> {
  if (file === undefined) return { server: {}, gateway: { env } };
  // the YAML parser and the config reader load only when there is a file to read
  const { loadConfig } = await import("./config.ts");
  return loadConfig(file, env);
}

/**
 * Without a gateway key only this machine may be served: a network address needs a key, or
 * an explicit `--allow-unauthenticated` (a trusted network, a sidecar behind its own auth).
 */
export function assertSafeToServe(host: string, keyed: boolean, allowUnauthenticated: boolean): void {
  if (keyed || allowUnauthenticated || isLoopback(host)) return;
  throw new StartError(
    `refusing to listen on ${host} without a gateway key: anyone who can reach that address could ` +
      "spend your provider credits. Set SWITCHYARD_MASTER_KEY (or server.master_key in the config), " +
      "or pass --allow-unauthenticated if the network is trusted.",
  );
}

/** `switchyard serve`: config, auth policy, providers or simulator, then listen. */
export async function startGateway(opts: ServeOptions, deps: ServeDeps): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const config = await readConfig(opts.configFile, env);
  const host = opts.host ?? config.server.host ?? DEFAULT_HOST;
  const port = opts.port ?? config.server.port ?? DEFAULT_PORT;
  const masterKey = nonEmpty(config.server.masterKey) ?? nonEmpty(env.SWITCHYARD_MASTER_KEY);
  const open = opts.allowUnauthenticated === true || config.server.allowUnauthenticated === true;
  assertSafeToServe(host, masterKey !== undefined, open);

  const prepared = await prepareGateway(config.gateway, env, deps, opts.simulator === true);
  let gateway: Gateway | undefined;
  try {
    const metrics = new Metrics();
    gateway = deps.createGateway(prepared.config, {
      onRecord: (r) => metrics.usage(r.surface, r.provider ?? "none", r.usage),
    });
    const server = createServer({
      gateway,
      auth: createAuth(masterKey),
      limits: { bodyBytes: mb(config.server.bodyLimitMb) },
      metrics,
      ...(opts.quiet === true ? {} : { log: opts.log ?? stderrSink }),
    });
    await listen(server, port, host);
    const actual = (server.address() as AddressInfo).port;
    const url = `http://${urlHost(host)}:${actual}`;
    const g = gateway;
    const shutdownMs = config.server.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS;
    return {
      url,
      server,
      gateway: g,
      simulator: prepared.simulator,
      providers: prepared.providers,
      shutdownMs,
      banner: banner({
        url,
        host,
        keyed: masterKey !== undefined,
        providers: prepared.providers,
        simulated: prepared.simulator !== undefined,
        shutdownMs,
        workers: opts.workers ?? 1,
      }),
      async shutdown(timeoutMs = shutdownMs) {
        const clean = await server.shutdown(timeoutMs);
        await g.close();
        await prepared.simulator?.close();
        return clean;
      },
    };
  } catch (e) {
    await gateway?.close();
    await prepared.simulator?.close();
    throw e;
  }
}

function listen(server: GatewayServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      if (e.code === "EADDRINUSE")
        reject(new StartError(`port ${port} on ${host} is in use: pick another with --port`));
      else if (e.code === "EACCES")
        reject(new StartError(`not allowed to listen on ${host}:${port} (ports below 1024 need privileges)`));
      else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND")
        reject(new StartError(`cannot listen on ${host}: no such local address`));
      else reject(e);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

interface BannerFacts {
  url: string;
  host: string;
  keyed: boolean;
  providers: string[];
  simulated: boolean;
  shutdownMs: number;
  workers?: number;
}

export function banner(f: BannerFacts): string {
  const lines = [
    `Switchyard gateway listening on ${f.url}${workersNote(f.workers ?? 1)}`,
    "",
    "  Point an SDK at it by changing only its base URL:",
    `    OpenAI     ${f.url}/v1    (Responses, Chat Completions, embeddings, images, audio)`,
    `    Anthropic  ${f.url}       (Messages, count_tokens)`,
    `    Gemini     ${f.url}       (generateContent, streamGenerateContent)`,
    "",
  ];
  if (f.simulated) {
    lines.push(`  No provider keys found: serving the built-in simulator for ${SIMULATED_FAMILIES}.`);
    lines.push("  Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, … to use the real providers.");
  } else {
    lines.push(`  Providers: ${f.providers.join(", ")}`);
  }
  if (f.keyed) {
    lines.push("  Auth: gateway key required (Authorization: Bearer, x-api-key, x-goog-api-key or ?key=).");
  } else if (isLoopback(f.host)) {
    lines.push("  Auth: no gateway key set: accepting every request (this machine only).");
    lines.push("        Set SWITCHYARD_MASTER_KEY to require one.");
  } else {
    lines.push(
      `  Auth: NONE, on ${f.host} (--allow-unauthenticated): anyone who can reach it can use your providers.`,
    );
  }
  lines.push(
    `  Health ${f.url}/healthz · metrics ${f.url}/metrics · Ctrl-C stops (in-flight requests get ${Math.round(f.shutdownMs / 1000)} s)`,
  );
  return `${lines.join("\n")}\n`;
}

function workersNote(n: number): string {
  return n > 1 ? ` (${n} workers; routing state and /metrics are per worker)` : "";
}

function mb(v: number | undefined): number {
  return v === undefined ? DEFAULT_BODY_LIMIT : Math.floor(v * 1024 * 1024);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}
