/**
 * The gateway benchmark (issue 7): the simulator (upstream), Switchyard and Portkey's gateway
 * each in its own process on loopback; this process generates the load (bench/load.ts, or
 * wrk for 32-connection non-streaming throughput when `wrk` is on the PATH).
 *
 *   node bench/run.ts            full run (~3 min: 6 s per cell)
 *   node bench/run.ts --quick    smoke run (~40 s: 1.5 s per cell)
 *   options: --seconds S (per cell), --no-peer, --no-wrk, --out DIR (default bench/results),
 *            --workers N (also Switchyard as a node:cluster of N workers: "switchyard ×N"),
 *            --gateway-flags "…" (Node flags for Switchyard's processes, e.g. V8 heap sizes)
 *
 * Writes DIR/latest.json, DIR/latest.md and DIR/latency.svg; bench/RESULTS.md is written by
 * hand from them. The parts: options.ts (flags), processes.ts and peer.ts (the children),
 * scenarios.ts, load.ts and wrk.ts (the load), cells.ts, memory.ts, report.ts and svg.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { type Cell, type CellFigures, CURVE_POINTS, naCell, summarise } from "./cells.ts";
import { runLoad } from "./load.ts";
import { RssSampler, rssMb } from "./memory.ts";
import { flag, GATEWAY_FLAGS, log, OUT, QUICK, SECONDS, WARMUP_MS, WORKERS } from "./options.ts";
import { PEER_DIR, PEER_VERSION, startPeer } from "./peer.ts";
import { type Proc, startChild, stopChild } from "./processes.ts";
import { markdown, type Results, ratios, replacer, targetsMet } from "./report.ts";
import { CONNECTIONS, failed, headersFor, SCENARIOS, type TargetId, targetLabel } from "./scenarios.ts";
import { renderSvg } from "./svg.ts";
import { findWrk, runWrk } from "./wrk.ts";

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const wrkPath = await findWrk();
  log(
    `bench: ${SECONDS}s per cell${QUICK ? " (quick)" : ""}, load by node:http${wrkPath ? ` + wrk (${wrkPath}) for 32-connection throughput` : ""}`,
  );
  const started = Date.now();
  const children: Proc[] = [];
  const cleanup = (): void => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGTERM");
  };
  process.on("exit", cleanup);
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });

  const sim = await startChild("simulator", "sim-proc.ts", []);
  children.push(sim);
  // one start and stop first: like a second `switchyard serve`, the measured one loads its
  // modules from Node's compile cache (no TypeScript stripping), as users' starts do
  await stopChild(
    await startChild("switchyard (compile cache)", "gateway-main.js", [sim.url], GATEWAY_FLAGS),
  );
  const gw = await startChild("switchyard", "gateway-main.js", [sim.url], GATEWAY_FLAGS);
  children.push(gw);
  log(`simulator ${sim.url} (pid ${sim.pid}), switchyard ${gw.url} (pid ${gw.pid})`);
  let cluster: Proc | undefined;
  if (WORKERS !== undefined) {
    cluster = await startChild(
      targetLabel("workers", WORKERS),
      "gateway-main.js",
      [sim.url, "--workers", String(WORKERS)],
      GATEWAY_FLAGS,
    );
    children.push(cluster);
    log(`${targetLabel("workers", WORKERS)} ${cluster.url} (pids ${cluster.pids.join(", ")})`);
  }

  let peer: Proc | undefined;
  let peerError: string | undefined;
  if (flag("--no-peer")) peerError = "skipped (--no-peer)";
  else {
    try {
      peer = await startPeer();
      children.push(peer);
      log(
        `peer: Portkey gateway ${PEER_VERSION} at ${peer.url} (pid ${peer.pid}; log ${join(PEER_DIR, "peer.log")})`,
      );
    } catch (e) {
      peerError = e instanceof Error ? e.message.split("\n").slice(0, 6).join(" ") : String(e);
      log(`peer unavailable: ${peerError}`);
    }
  }

  const idle = {
    switchyard: rssMb(gw.pids),
    peer: peer ? rssMb(peer.pids) : Number.NaN,
    ...(cluster ? { workers: rssMb(cluster.pids) } : {}),
  };
  log(
    `idle RSS: switchyard ${idle.switchyard.toFixed(1)} MB, peer ${idle.peer.toFixed(1)} MB` +
      (idle.workers === undefined
        ? ""
        : `, ${targetLabel("workers", WORKERS)} ${idle.workers.toFixed(1)} MB`),
  );

  const targets: { id: TargetId; url: string; pids?: number[] }[] = [
    { id: "direct", url: sim.url },
    { id: "switchyard", url: gw.url, pids: gw.pids },
    ...(cluster ? [{ id: "workers" as const, url: cluster.url, pids: cluster.pids }] : []),
    ...(peer ? [{ id: "peer" as const, url: peer.url, pids: peer.pids }] : []),
  ];
  const name = (t: TargetId): string => targetLabel(t, WORKERS);

  // Probe every (scenario, target) once: a target that cannot serve a scenario is n/a.
  const probe = new Map<string, string | undefined>();
  for (const s of SCENARIOS)
    for (const t of targets) {
      const h = headersFor(t.id, s, sim.url);
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
      if (why !== undefined) log(`probe ${s.id} via ${name(t.id)}: n/a (${why})`);
    }

  // One warm-up pass over every route before measuring, so the first cells do not pay for JIT.
  for (const s of SCENARIOS)
    for (const t of targets) {
      const h = headersFor(t.id, s, sim.url);
      if (h === undefined || probe.get(`${s.id}/${t.id}`) !== undefined) continue;
      process.stderr.write(`\rwarm-up ${s.id} via ${name(t.id)}            `);
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
  const peaks = { ...idle };
  for (const s of SCENARIOS)
    for (const conns of CONNECTIONS)
      for (const t of targets) {
        n++;
        const label = `[${n}/${totalCells}] ${s.id} c=${conns} ${name(t.id)}`;
        const why = probe.get(`${s.id}/${t.id}`);
        const base = { scenario: s.id, connections: conns, target: t.id };
        if (why !== undefined) {
          cells.push(naCell(base, why));
          log(`${label}: n/a`);
          continue;
        }
        const headers = headersFor(t.id, s, sim.url) as Record<string, string>;
        const spec = { url: t.url, path: s.path, body: JSON.stringify(s.body), headers, connections: conns };
        await runLoad({ ...spec, durationMs: WARMUP_MS });
        const sampler = t.pids === undefined ? undefined : new RssSampler(t.pids);
        sampler?.start();
        const useWrk = wrkPath !== undefined && conns > 1 && !s.stream;
        let summary: CellFigures;
        if (useWrk) {
          process.stderr.write(`${label}: wrk ${SECONDS}s …`);
          summary = await runWrk(wrkPath, t.url, s, headers, conns, SECONDS * 1000);
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
        if (peak !== undefined && conns > 1 && t.id !== "direct")
          peaks[t.id] = Math.max(peaks[t.id] ?? 0, peak);
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

  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memGb: totalmem() / 2 ** 30,
      node: process.version,
    },
    config: {
      secondsPerCell: SECONDS,
      warmupMs: WARMUP_MS,
      quick: QUICK,
      wrk: wrkPath ?? null,
      workers: WORKERS ?? null,
      gatewayFlags: GATEWAY_FLAGS,
    },
    peer: peer ? { name: "@portkey-ai/gateway", version: PEER_VERSION } : { error: peerError },
    memoryMb: { idle, peakUnder32: peaks },
    cells,
    ratios: ratios(cells),
    targets: targetsMet(cells, idle, peaks, WORKERS),
    wallSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(OUT, "latest.json"), `${JSON.stringify(results, replacer, 2)}\n`);
  const md = markdown(results);
  writeFileSync(join(OUT, "latest.md"), md);
  writeFileSync(
    join(OUT, "latency.svg"),
    renderSvg(cells, SCENARIOS, CONNECTIONS, CURVE_POINTS, (t) => targetLabel(t as TargetId, WORKERS)),
  );
  process.stdout.write(md);
  log(`wrote ${join(OUT, "latest.json")}, latest.md, latency.svg in ${results.wallSeconds.toFixed(0)} s`);
  cleanup();
  process.exit(0);
}

await main();
