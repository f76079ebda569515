/**
 * The gateway benchmark (issue 7): the simulator (upstream), Switchyard and Portkey's gateway
 * each in its own process on loopback; this process generates the load (bench/load.ts, or
 * wrk for 32-connection non-streaming throughput when `wrk` is on the PATH).
 *
 *   node bench/run.ts            full run (~3 min: 6 s per cell)
 *   node bench/run.ts --quick    smoke run (~40 s: 1.5 s per cell)
 *   options: --seconds S (per cell), --no-peer, --no-wrk, --out DIR (default bench/results)
 *
 * Writes DIR/latest.json, DIR/latest.md and DIR/latency.svg; bench/RESULTS.md is written by
 * hand from them.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type LoadResult, pct, runLoad } from "./load.ts";
import { renderSvg } from "./svg.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const NODE = process.execPath;
const PEER_VERSION = "1.15.2";
const PEER_DIR = join(tmpdir(), `switchyard-bench-portkey-${PEER_VERSION}`);
const run = promisify(execFile);

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag("--quick");
const SECONDS = Number(opt("--seconds") ?? (QUICK ? 1.5 : 6));
const WARMUP_MS = QUICK ? 300 : 1000;
const OUT = opt("--out") ?? join(HERE, "results");
const log = (s: string): void => void process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- processes

interface Proc {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
}

/** Start a bench/*.ts entry point that prints `{"url": …}` on its first stdout line. */
function startChild(name: string, file: string, args: string[]): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(HERE, file), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 20 s`)), 20_000);
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      const { url } = JSON.parse(buf.slice(0, nl)) as { url: string };
      resolve({ name, url, pid: child.pid as number, child });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Install Portkey's gateway (cached in the temp folder) and start it; throws with the reason. */
async function startPeer(): Promise<Proc> {
  const entry = join(PEER_DIR, "node_modules/@portkey-ai/gateway/build/start-server.js");
  if (!existsSync(entry)) {
    mkdirSync(PEER_DIR, { recursive: true });
    writeFileSync(
      join(PEER_DIR, "package.json"),
      JSON.stringify({
        name: "switchyard-bench-peer",
        private: true,
        overrides: { "@hono/node-server": "1.13.5", hono: "4.9.7" },
      }),
    );
    log(`peer: npm install @portkey-ai/gateway@${PEER_VERSION} into ${PEER_DIR} …`);
    await run(
      "npm",
      ["install", "--prefix", PEER_DIR, `@portkey-ai/gateway@${PEER_VERSION}`, "--no-audit", "--no-fund"],
      { timeout: 180_000 },
    );
  }
  const port = await freePort();
  const child = spawn(NODE, [entry, `--port=${port}`, "--headless"], {
    cwd: PEER_DIR,
    // its per-request error traces go to a file, not over the progress lines
    stdio: ["ignore", "ignore", openSync(join(PEER_DIR, "peer.log"), "w")],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`peer exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) return { name: "peer", url, pid: child.pid as number, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("peer did not answer GET / in 20 s");
}

// ---------------------------------------------------------------- memory

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every 50 ms while started; `peak` since the last `reset`. */
class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly pid: number;
  constructor(pid: number) {
    this.pid = pid;
  }
  start(): void {
    this.peak = rssMb(this.pid);
    this.timer = setInterval(() => {
      const v = rssMb(this.pid);
      if (v > this.peak) this.peak = v;
    }, 50);
  }
  stop(): number {
    clearInterval(this.timer);
    const v = rssMb(this.pid);
    if (v > this.peak) this.peak = v;
    return this.peak;
  }
}

// ---------------------------------------------------------------- scenarios

type TargetId = "direct" | "switchyard" | "peer";

interface Scenario {
  id: string;
  title: string;
  path: string;
  body: object;
  headers: Record<string, string>;
  stream: boolean;
  /** Headers that route the same request through Portkey (undefined: the peer has no such route). */
  peerHeaders?: (simUrl: string) => Record<string, string>;
}

const portkeyOpenAI = (sim: string): Record<string, string> => ({
  "x-portkey-provider": "openai",
  "x-portkey-custom-host": `${sim}/v1`,
});
const portkeyAnthropic = (sim: string): Record<string, string> => ({
  "x-portkey-provider": "anthropic",
  "x-portkey-custom-host": `${sim}/v1`,
});

const USER = [{ role: "user", content: "Say hello to the benchmark." }];
const SCENARIOS: Scenario[] = [
  {
    id: "chat",
    title: "Chat Completions passthrough (gpt-4o-mini → OpenAI upstream)",
    path: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: USER },
    headers: { authorization: "Bearer x" },
    stream: false,
    peerHeaders: portkeyOpenAI,
  },
  {
    id: "messages→openai",
    title: "Anthropic Messages surface → OpenAI-format upstream (gpt-4o-mini)",
    path: "/v1/messages",
    body: { model: "gpt-4o-mini", max_tokens: 256, messages: USER },
    headers: { "x-api-key": "x", "anthropic-version": "2023-06-01" },
    stream: false,
    // Portkey's /v1/messages with provider openai: probed; n/a when it does not answer 2xx
    peerHeaders: portkeyOpenAI,
  },
  {
    id: "responses→anthropic",
    title: "Responses surface → Anthropic-format upstream (claude-haiku-4-5)",
    path: "/v1/responses",
    body: { model: "claude-haiku-4-5", input: "Say hello to the benchmark.", max_output_tokens: 256 },
    headers: { authorization: "Bearer x" },
    stream: false,
    peerHeaders: portkeyAnthropic,
  },
  {
    id: "chat-stream",
    title: "Chat Completions streaming passthrough (stream: true)",
    path: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: USER, stream: true, stream_options: { include_usage: true } },
    headers: { authorization: "Bearer x" },
    stream: true,
    peerHeaders: portkeyOpenAI,
  },
];
const CONNECTIONS = [1, 32];

interface Cell {
  scenario: string;
  connections: number;
  target: TargetId;
  tool: "node" | "wrk";
  status: "ok" | "n/a";
  note?: string;
  requests: number;
  errors: number;
  rps: number;
  /** Latency to the last byte, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Time to first body byte, ms (streaming). */
  ttfbP50?: number;
  ttfbP99?: number;
  /** Percentiles 1..99 for the chart. */
  curve: number[];
  rssPeakMb?: number;
}

const CURVE_POINTS = [1, 5, 10, 25, 50, 75, 90, 95, 99];

function summarise(r: LoadResult): Omit<Cell, "scenario" | "connections" | "target" | "tool" | "status"> {
  return {
    requests: r.requests,
    errors: r.errors,
    rps: r.rps,
    p50: pct(r.latency, 50),
    p90: pct(r.latency, 90),
    p99: pct(r.latency, 99),
    max: pct(r.latency, 100),
    ttfbP50: pct(r.ttfb, 50),
    ttfbP99: pct(r.ttfb, 99),
    curve: CURVE_POINTS.map((p) => pct(r.latency, p)),
  };
}

// ---------------------------------------------------------------- wrk

let wrkPath: string | undefined;
async function findWrk(): Promise<string | undefined> {
  if (flag("--no-wrk")) return undefined;
  try {
    const { stdout } = await run("sh", ["-c", "command -v wrk"]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function wrkMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n;
}

/** 32-connection throughput with wrk (one thread); latency percentiles from its --latency table. */
async function runWrk(url: string, s: Scenario, headers: Record<string, string>, conns: number, ms: number) {
  const lua = join(tmpdir(), `switchyard-bench-wrk-${process.pid}.lua`);
  const hs = Object.entries({ ...headers, "content-type": "application/json" })
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join("\n");
  writeFileSync(lua, `wrk.method = "POST"\nwrk.body = [==[${JSON.stringify(s.body)}]==]\n${hs}\n`);
  const { stdout } = await run(
    wrkPath as string,
    ["-t1", `-c${conns}`, `-d${Math.max(1, Math.round(ms / 1000))}s`, "--latency", "-s", lua, url + s.path],
    { timeout: ms + 30_000 },
  ).finally(() => rmSync(lua, { force: true }));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const sockErr = errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const p: Record<string, number> = {};
  for (const m of stdout.matchAll(/^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$/gm))
    p[m[1] as string] = wrkMs(m[2] as string, m[3] as string);
  const max = /Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m)/.exec(stdout);
  const p50 = p["50"] ?? Number.NaN;
  const p90 = p["90"] ?? Number.NaN;
  const p99 = p["99"] ?? Number.NaN;
  return {
    requests: total - non2xx,
    errors: non2xx + sockErr,
    rps: non2xx > 0 ? (rps * (total - non2xx)) / Math.max(1, total) : rps,
    p50,
    p90,
    p99,
    max: max ? wrkMs(max[1] as string, max[2] as string) : Number.NaN,
    curve: CURVE_POINTS.map((q) => p[String(q)] ?? Number.NaN),
  };
}

// ---------------------------------------------------------------- main

/** A 2xx body that is still an error envelope (Portkey answers some failures this way). */
function failed(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return (o.error !== undefined && o.error !== null) || o.status === "failure" || o.type === "error";
  } catch {
    return true;
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  wrkPath = await findWrk();
  log(
    `bench: ${SECONDS}s per cell${QUICK ? " (quick)" : ""}, load by node:http${wrkPath ? ` + wrk (${wrkPath}) for 32-connection throughput` : ""}`,
  );
  const started = Date.now();
  const children: ChildProcess[] = [];
  const cleanup = (): void => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  };
  process.on("exit", cleanup);
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });

  const sim = await startChild("simulator", "sim-proc.ts", []);
  children.push(sim.child);
  const gw = await startChild("switchyard", "gateway-proc.ts", [sim.url]);
  children.push(gw.child);
  log(`simulator ${sim.url} (pid ${sim.pid}), switchyard ${gw.url} (pid ${gw.pid})`);

  let peer: Proc | undefined;
  let peerError: string | undefined;
  if (flag("--no-peer")) peerError = "skipped (--no-peer)";
  else {
    try {
      peer = await startPeer();
      children.push(peer.child);
      log(
        `peer: Portkey gateway ${PEER_VERSION} at ${peer.url} (pid ${peer.pid}; log ${join(PEER_DIR, "peer.log")})`,
      );
    } catch (e) {
      peerError = e instanceof Error ? e.message.split("\n").slice(0, 6).join(" ") : String(e);
      log(`peer unavailable: ${peerError}`);
    }
  }

  const idle = { switchyard: rssMb(gw.pid), peer: peer ? rssMb(peer.pid) : Number.NaN };
  log(`idle RSS: switchyard ${idle.switchyard.toFixed(1)} MB, peer ${idle.peer.toFixed(1)} MB`);

  const targets: { id: TargetId; url: string; pid?: number }[] = [
    { id: "direct", url: sim.url },
    { id: "switchyard", url: gw.url, pid: gw.pid },
    ...(peer ? [{ id: "peer" as const, url: peer.url, pid: peer.pid }] : []),
  ];
  const headersFor = (t: TargetId, s: Scenario): Record<string, string> | undefined =>
    t === "peer" ? (s.peerHeaders ? { ...s.headers, ...s.peerHeaders(sim.url) } : undefined) : s.headers;

  // Probe every (scenario, target) once: a target that cannot serve a scenario is n/a.
  const probe = new Map<string, string | undefined>();
  for (const s of SCENARIOS)
    for (const t of targets) {
      const h = headersFor(t.id, s);
      if (h === undefined) {
        probe.set(`${s.id}/${t.id}`, "no such route");
        continue;
      }
      const r = await fetch(t.url + s.path, {
        method: "POST",
        headers: { ...h, "content-type": "application/json" },
        body: JSON.stringify(s.body),
      }).catch((e: unknown) => e as Error);
      if (r instanceof Error) probe.set(`${s.id}/${t.id}`, r.message);
      else {
        const text = await r.text();
        const bad = !r.ok || (s.stream ? !text.includes("data:") : failed(text));
        probe.set(`${s.id}/${t.id}`, bad ? `HTTP ${r.status}: ${text.slice(0, 200)}` : undefined);
      }
      const why = probe.get(`${s.id}/${t.id}`);
      if (why !== undefined) log(`probe ${s.id} via ${t.id}: n/a (${why})`);
    }

  // One warm-up pass over every route before measuring, so the first cells do not pay for JIT.
  for (const s of SCENARIOS)
    for (const t of targets) {
      const h = headersFor(t.id, s);
      if (h === undefined || probe.get(`${s.id}/${t.id}`) !== undefined) continue;
      process.stderr.write(`\rwarm-up ${s.id} via ${t.id}            `);
      await runLoad({
        url: t.url,
        path: s.path,
        body: JSON.stringify(s.body),
        headers: h,
        connections: 4,
        durationMs: WARMUP_MS,
      });
    }
  process.stderr.write("\n");

  const cells: Cell[] = [];
  const totalCells = SCENARIOS.length * CONNECTIONS.length * targets.length;
  let n = 0;
  const peaks = { switchyard: idle.switchyard, peer: idle.peer };
  for (const s of SCENARIOS)
    for (const conns of CONNECTIONS)
      for (const t of targets) {
        n++;
        const label = `[${n}/${totalCells}] ${s.id} c=${conns} ${t.id}`;
        const why = probe.get(`${s.id}/${t.id}`);
        const base = { scenario: s.id, connections: conns, target: t.id };
        if (why !== undefined) {
          cells.push({
            ...base,
            tool: "node",
            status: "n/a",
            note: why,
            requests: 0,
            errors: 0,
            rps: Number.NaN,
            p50: Number.NaN,
            p90: Number.NaN,
            p99: Number.NaN,
            max: Number.NaN,
            curve: [],
          });
          log(`${label}: n/a`);
          continue;
        }
        const headers = headersFor(t.id, s) as Record<string, string>;
        const spec = { url: t.url, path: s.path, body: JSON.stringify(s.body), headers, connections: conns };
        await runLoad({ ...spec, durationMs: WARMUP_MS });
        const sampler = t.pid === undefined ? undefined : new RssSampler(t.pid);
        sampler?.start();
        const useWrk = wrkPath !== undefined && conns > 1 && !s.stream;
        let summary: ReturnType<typeof summarise>;
        if (useWrk) {
          process.stderr.write(`${label}: wrk ${SECONDS}s …`);
          summary = await runWrk(t.url, s, headers, conns, SECONDS * 1000);
          process.stderr.write("\n");
        } else {
          const r = await runLoad({
            ...spec,
            durationMs: SECONDS * 1000,
            onProgress: (done, ms) =>
              process.stderr.write(`\r${label}: ${(ms / 1000).toFixed(0)}/${SECONDS}s ${done} req   `),
          });
          process.stderr.write("\n");
          if (r.firstError) log(`  first error: ${r.firstError}`);
          summary = summarise(r);
        }
        const peak = sampler?.stop();
        if (peak !== undefined && conns > 1 && (t.id === "switchyard" || t.id === "peer"))
          peaks[t.id] = Math.max(peaks[t.id], peak);
        const cell: Cell = {
          ...base,
          tool: useWrk ? "wrk" : "node",
          status: "ok",
          ...summary,
          ...(peak === undefined ? {} : { rssPeakMb: peak }),
        };
        cells.push(cell);
        log(
          `  ${cell.rps.toFixed(0)} req/s, p50 ${cell.p50.toFixed(3)} ms, p99 ${cell.p99.toFixed(3)} ms` +
            (s.stream ? `, ttfb p50 ${cell.ttfbP50?.toFixed(3)} ms` : "") +
            (cell.errors ? `, ${cell.errors} errors` : ""),
        );
      }

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memGb: totalmem() / 2 ** 30,
      node: process.version,
    },
    config: { secondsPerCell: SECONDS, warmupMs: WARMUP_MS, quick: QUICK, wrk: wrkPath ?? null },
    peer: peer ? { name: "@portkey-ai/gateway", version: PEER_VERSION } : { error: peerError },
    memoryMb: { idle, peakUnder32: peaks },
    cells,
    ratios: ratios(cells),
    targets: targetsMet(cells, idle, peaks),
    wallSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(OUT, "latest.json"), `${JSON.stringify(results, replacer, 2)}\n`);
  const md = markdown(results);
  writeFileSync(join(OUT, "latest.md"), md);
  writeFileSync(join(OUT, "latency.svg"), renderSvg(cells, SCENARIOS, CONNECTIONS, CURVE_POINTS));
  process.stdout.write(md);
  log(`wrote ${join(OUT, "latest.json")}, latest.md, latency.svg in ${results.wallSeconds.toFixed(0)} s`);
  cleanup();
  process.exit(0);
}

const replacer = (_k: string, v: unknown): unknown =>
  typeof v === "number" ? (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null) : v;

// ---------------------------------------------------------------- derived figures

type Results = {
  date: string;
  machine: { cpus: number; cpu: string | undefined; memGb: number; node: string };
  config: { secondsPerCell: number; warmupMs: number; quick: boolean; wrk: string | null };
  peer: { name: string; version: string } | { error: string | undefined };
  memoryMb: { idle: { switchyard: number; peer: number }; peakUnder32: { switchyard: number; peer: number } };
  cells: Cell[];
  ratios: ReturnType<typeof ratios>;
  targets: Target[];
  wallSeconds: number;
};

function find(cells: Cell[], s: string, c: number, t: TargetId): Cell | undefined {
  const x = cells.find((k) => k.scenario === s && k.connections === c && k.target === t);
  return x?.status === "ok" ? x : undefined;
}

/** Per scenario × connections: Switchyard's figures over direct's and over the peer's. */
function ratios(cells: Cell[]) {
  const out = [];
  for (const s of SCENARIOS)
    for (const c of CONNECTIONS) {
      const d = find(cells, s.id, c, "direct");
      const g = find(cells, s.id, c, "switchyard");
      const p = find(cells, s.id, c, "peer");
      const r = (a?: number, b?: number): number => (a === undefined || b === undefined ? Number.NaN : a / b);
      out.push({
        scenario: s.id,
        connections: c,
        rps: { vsDirect: r(g?.rps, d?.rps), vsPeer: r(g?.rps, p?.rps), peerVsDirect: r(p?.rps, d?.rps) },
        p50: { vsDirect: r(g?.p50, d?.p50), vsPeer: r(g?.p50, p?.p50) },
        addedP50Ms: {
          switchyard: (g?.p50 ?? Number.NaN) - (d?.p50 ?? Number.NaN),
          peer: (p?.p50 ?? Number.NaN) - (d?.p50 ?? Number.NaN),
        },
        ...(s.stream
          ? {
              ttfbP50: { vsDirect: r(g?.ttfbP50, d?.ttfbP50), vsPeer: r(g?.ttfbP50, p?.ttfbP50) },
              addedTtfbP50Ms: {
                switchyard: (g?.ttfbP50 ?? Number.NaN) - (d?.ttfbP50 ?? Number.NaN),
                peer: (p?.ttfbP50 ?? Number.NaN) - (d?.ttfbP50 ?? Number.NaN),
              },
            }
          : {}),
      });
    }
  return out;
}

interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

function targetsMet(
  cells: Cell[],
  idle: { switchyard: number; peer: number },
  peaks: { switchyard: number; peer: number },
): Target[] {
  const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
  const out: Target[] = [];
  const added = (s: string, c: number, t: TargetId, k: "p50" | "ttfbP50" = "p50"): number =>
    (find(cells, s, c, t)?.[k] ?? Number.NaN) - (find(cells, s, c, "direct")?.[k] ?? Number.NaN);
  for (const s of ["chat", "messages→openai", "responses→anthropic"]) {
    const a = added(s, 1, "switchyard");
    const p = added(s, 1, "peer");
    out.push({
      target: `Added median latency at 1 connection ≤ 0.2 ms (${s})`,
      measured: `${f(a)} ms (peer ${f(p)} ms)`,
      met: Number.isFinite(a) ? a <= 0.2 : null,
    });
  }
  const g = find(cells, "chat", 32, "switchyard");
  const d = find(cells, "chat", 32, "direct");
  const p = find(cells, "chat", 32, "peer");
  const vsPeer = g && p ? g.rps / p.rps : Number.NaN;
  const vsDirect = g && d ? g.rps / d.rps : Number.NaN;
  out.push({
    target: "Throughput at 32 connections ≥ 10× the peer's (chat)",
    measured: `${f(vsPeer, 2)}× (${f(g?.rps ?? Number.NaN, 0)} vs ${f(p?.rps ?? Number.NaN, 0)} req/s)`,
    met: Number.isFinite(vsPeer) ? vsPeer >= 10 : null,
  });
  out.push({
    target: "Throughput at 32 connections ≥ 35% of direct (chat)",
    measured: `${f(vsDirect * 100, 1)}% (${f(g?.rps ?? Number.NaN, 0)} vs ${f(d?.rps ?? Number.NaN, 0)} req/s)`,
    met: Number.isFinite(vsDirect) ? vsDirect >= 0.35 : null,
  });
  const t = added("chat-stream", 1, "switchyard", "ttfbP50");
  const tp = added("chat-stream", 1, "peer", "ttfbP50");
  out.push({
    target: "Streaming: time to first byte added ≤ 0.5 ms (1 connection, median)",
    measured: `${f(t)} ms (peer ${f(tp)} ms)`,
    met: Number.isFinite(t) ? t <= 0.5 : null,
  });
  // Translation cost: Switchyard's added median latency (1 connection) and its throughput
  // share of direct (32 connections), translated vs passthrough.
  const passAdded = added("chat", 1, "switchyard");
  const passShare = vsDirect;
  for (const s of ["messages→openai", "responses→anthropic"]) {
    const a = added(s, 1, "switchyard");
    const gs = find(cells, s, 32, "switchyard");
    const ds = find(cells, s, 32, "direct");
    const share = gs && ds ? gs.rps / ds.rps : Number.NaN;
    const latOk = a <= Math.max(passAdded * 1.2, passAdded + 0.02);
    const thrOk = share >= passShare / 1.2;
    out.push({
      target: `Translation costs ≤ 20% more than passthrough (${s})`,
      measured:
        `added p50 ${f(a)} ms vs ${f(passAdded)} ms passthrough; ` +
        `32-conn share of direct ${f(share * 100, 1)}% vs ${f(passShare * 100, 1)}% passthrough ` +
        `(cost ratio ${f(passShare / share, 2)}×)`,
      met: Number.isFinite(a) && Number.isFinite(share) ? latOk && thrOk : null,
    });
  }
  out.push({
    target: "Resident memory ≤ 100 MB idle",
    measured: `${f(idle.switchyard, 1)} MB (peer ${f(idle.peer, 1)} MB)`,
    met: Number.isFinite(idle.switchyard) ? idle.switchyard <= 100 : null,
  });
  out.push({
    target: "Resident memory ≤ 200 MB under the 32-connection load",
    measured: `${f(peaks.switchyard, 1)} MB peak (peer ${f(peaks.peer, 1)} MB)`,
    met: Number.isFinite(peaks.switchyard) ? peaks.switchyard <= 200 : null,
  });
  return out;
}

function markdown(r: Results): string {
  const f = (x: number | undefined, d = 2): string =>
    x !== undefined && Number.isFinite(x) ? x.toFixed(d) : "n/a";
  const lines: string[] = [];
  lines.push(
    `Run ${r.date} · ${r.machine.cpus} × ${r.machine.cpu} · Node ${r.machine.node} · ${r.config.secondsPerCell} s per cell` +
      ` · load: node:http closed loop${r.config.wrk ? "; wrk -t1 for 32-connection non-streaming cells" : ""}` +
      ` · peer: ${"version" in r.peer ? `Portkey ${r.peer.version}` : `n/a (${r.peer.error})`}`,
  );
  lines.push("");
  lines.push(
    "| scenario | conns | target | req/s | p50 ms | p90 ms | p99 ms | TTFB p50 ms | req/s ÷ direct | req/s ÷ peer | p50 ÷ direct | p50 ÷ peer | added p50 ms |",
  );
  lines.push("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of SCENARIOS)
    for (const c of CONNECTIONS) {
      const d = find(r.cells, s.id, c, "direct");
      const p = find(r.cells, s.id, c, "peer");
      for (const t of ["direct", "switchyard", "peer"] as TargetId[]) {
        const x = r.cells.find((k) => k.scenario === s.id && k.connections === c && k.target === t);
        if (x === undefined) {
          lines.push(`| ${s.id} | ${c} | ${t} | n/a | | | | | | | | | |`);
          continue;
        }
        if (x.status !== "ok") {
          lines.push(`| ${s.id} | ${c} | ${t} | n/a | | | | | | | | | |`);
          continue;
        }
        const rat = (a: number, b?: number): string => (t === "direct" || b === undefined ? "" : f(a / b));
        lines.push(
          `| ${s.id} | ${c} | ${t}${x.tool === "wrk" ? " (wrk)" : ""} | ${f(x.rps, 0)} | ${f(x.p50, 3)} | ${f(x.p90, 3)} | ${f(x.p99, 3)} | ${s.stream ? f(x.ttfbP50, 3) : ""} | ` +
            `${rat(x.rps, d?.rps)} | ${t === "peer" ? "" : rat(x.rps, p?.rps)} | ${rat(x.p50, d?.p50)} | ${t === "peer" ? "" : rat(x.p50, p?.p50)} | ` +
            `${t === "direct" || d === undefined ? "" : f(x.p50 - d.p50, 3)} |`,
        );
      }
    }
  lines.push("");
  lines.push(
    `Resident memory (VmRSS): Switchyard ${f(r.memoryMb.idle.switchyard, 1)} MB idle, ${f(r.memoryMb.peakUnder32.switchyard, 1)} MB peak under 32 connections; ` +
      `peer ${f(r.memoryMb.idle.peer, 1)} MB idle, ${f(r.memoryMb.peakUnder32.peer, 1)} MB peak.`,
  );
  const na = r.cells.filter((c) => c.status !== "ok");
  if (na.length > 0) {
    lines.push("");
    for (const c of na) lines.push(`- n/a: ${c.scenario} via ${c.target} (c=${c.connections}): ${c.note}`);
  }
  lines.push("");
  lines.push("| target (issue 7) | measured | |");
  lines.push("|---|---|---|");
  for (const t of r.targets)
    lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? "n/a" : t.met ? "met" : "**missed**"} |`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}

await main();
