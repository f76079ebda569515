/**
 * Bench child: Switchyard in its own process, in front of the simulator at argv[2] (OpenAI
 * and Anthropic providers pointed at it); prints `{"url": …, "pids": […]}` on stdout when
 * ready. `--workers N` (N > 1): a node:cluster primary with N workers on one port, as
 * `switchyard serve --workers N` runs; `pids` are the primary's and the workers'.
 */
import { flushCompileCache } from "node:module";

// started through bench/gateway-main.js, which turns the compile cache on first (as
// bin/switchyard.js does for `switchyard serve`)
const { isClusterWorker, startCluster, tellPrimary, workerCount, workerSignals } = await import(
  "../src/server/cluster.ts"
);

const sim = process.argv[2];
if (sim === undefined) throw new Error("usage: gateway-proc.ts <simulator url> [--workers N]");
const i = process.argv.indexOf("--workers");
const workers = i > 0 ? (workerCount(process.argv[i + 1] ?? "") ?? 1) : 1;

if (workers > 1 && !isClusterWorker()) {
  const c = await startCluster({
    workers,
    log: (line) => void process.stderr.write(`gateway-proc: ${line}\n`),
    exec: process.argv[1] as string,
    args: process.argv.slice(2),
  });
  process.stdout.write(
    `${JSON.stringify({ url: c.url, pid: process.pid, pids: [process.pid, ...c.pids()] })}\n`,
  );
  process.on("SIGTERM", () => void c.stop().then(() => process.exit(0)));
} else {
  // loaded here, not at the top: a cluster's primary serves nothing and needs neither
  const { createGateway } = await import("../src/core/gateway.ts");
  const { startGateway } = await import("../src/server/start.ts");
  const running = await startGateway(
    {
      host: "127.0.0.1",
      port: 0,
      quiet: true,
      workers,
      env: {
        OPENAI_API_KEY: "x",
        OPENAI_BASE_URL: `${sim}/v1`,
        ANTHROPIC_API_KEY: "x",
        ANTHROPIC_BASE_URL: sim,
      },
    },
    {
      createGateway,
      // the providers have keys: the simulator is never started here, so never loaded
      startSimulator: async (o) => (await import("../src/simulator/index.ts")).startSimulator(o),
    },
  );
  flushCompileCache();
  const stop = (): void => void running.shutdown(1000).then(() => process.exit(0));
  if (isClusterWorker()) {
    tellPrimary({ switchyard: "ready", url: running.url, banner: running.banner, shutdownMs: 1000 });
    workerSignals().once("SIGTERM", stop);
  } else {
    process.stdout.write(`${JSON.stringify({ url: running.url, pid: process.pid, pids: [process.pid] })}\n`);
    process.on("SIGTERM", stop);
  }
}
