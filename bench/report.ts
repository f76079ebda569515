/** The derived figures (ratios, targets) and the markdown report, from the measured cells. */
import type { Cell } from "./cells.ts";
import { CONNECTIONS, SCENARIOS, type TargetId, targetLabel } from "./scenarios.ts";

type Memory = { switchyard: number; peer: number; workers?: number };

export interface Results {
  date: string;
  machine: { cpus: number; cpu: string | undefined; memGb: number; node: string };
  config: {
    secondsPerCell: number;
    warmupMs: number;
    quick: boolean;
    wrk: string | null;
    workers: number | null;
    gatewayFlags: string[];
  };
  peer: { name: string; version: string } | { error: string | undefined };
  memoryMb: { idle: Memory; peakUnder32: Memory };
  cells: Cell[];
  ratios: Ratio[];
  targets: Target[];
  wallSeconds: number;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

/** Rounds numbers in the JSON to 3 decimals; NaN and ∞ become null. */
export const replacer = (_k: string, v: unknown): unknown =>
  typeof v === "number" ? (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null) : v;

export function find(cells: Cell[], s: string, c: number, t: TargetId): Cell | undefined {
  const x = cells.find((k) => k.scenario === s && k.connections === c && k.target === t);
  return x?.status === "ok" ? x : undefined;
}

const ratio = (a?: number, b?: number): number => (a === undefined || b === undefined ? Number.NaN : a / b);

export interface Ratio {
  scenario: string;
  connections: number;
  target: "switchyard" | "workers";
  rps: { vsDirect: number; vsPeer: number; peerVsDirect: number };
  p50: { vsDirect: number; vsPeer: number };
  addedP50Ms: { switchyard: number; peer: number };
  ttfbP50?: { vsDirect: number; vsPeer: number };
  addedTtfbP50Ms?: { switchyard: number; peer: number };
}

/** Per scenario × connections: Switchyard's figures (one process, and ×N when measured) over direct's and the peer's. */
export function ratios(cells: Cell[]): Ratio[] {
  const out: Ratio[] = [];
  for (const target of ["switchyard", "workers"] as const) {
    if (!cells.some((k) => k.target === target)) continue;
    for (const s of SCENARIOS)
      for (const c of CONNECTIONS) {
        const d = find(cells, s.id, c, "direct");
        const g = find(cells, s.id, c, target);
        const p = find(cells, s.id, c, "peer");
        out.push({
          scenario: s.id,
          connections: c,
          target,
          rps: {
            vsDirect: ratio(g?.rps, d?.rps),
            vsPeer: ratio(g?.rps, p?.rps),
            peerVsDirect: ratio(p?.rps, d?.rps),
          },
          p50: { vsDirect: ratio(g?.p50, d?.p50), vsPeer: ratio(g?.p50, p?.p50) },
          addedP50Ms: {
            switchyard: (g?.p50 ?? Number.NaN) - (d?.p50 ?? Number.NaN),
            peer: (p?.p50 ?? Number.NaN) - (d?.p50 ?? Number.NaN),
          },
          ...(s.stream
            ? {
                ttfbP50: { vsDirect: ratio(g?.ttfbP50, d?.ttfbP50), vsPeer: ratio(g?.ttfbP50, p?.ttfbP50) },
                addedTtfbP50Ms: {
                  switchyard: (g?.ttfbP50 ?? Number.NaN) - (d?.ttfbP50 ?? Number.NaN),
                  peer: (p?.ttfbP50 ?? Number.NaN) - (d?.ttfbP50 ?? Number.NaN),
                },
              }
            : {}),
        });
      }
  }
  return out;
}

const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

/** The 32-connection chat throughput targets for one Switchyard target. */
function throughputTargets(cells: Cell[], t: "switchyard" | "workers", suffix: string): Target[] {
  const g = find(cells, "chat", 32, t);
  const d = find(cells, "chat", 32, "direct");
  const p = find(cells, "chat", 32, "peer");
  const vsPeer = g && p ? g.rps / p.rps : Number.NaN;
  const vsDirect = g && d ? g.rps / d.rps : Number.NaN;
  return [
    {
      target: `Throughput at 32 connections ≥ 10× the peer's (chat${suffix})`,
      measured: `${fmt(vsPeer, 2)}× (${fmt(g?.rps ?? Number.NaN, 0)} vs ${fmt(p?.rps ?? Number.NaN, 0)} req/s)`,
      met: Number.isFinite(vsPeer) ? vsPeer >= 10 : null,
    },
    {
      target: `Throughput at 32 connections ≥ 35% of direct (chat${suffix})`,
      measured: `${fmt(vsDirect * 100, 1)}% (${fmt(g?.rps ?? Number.NaN, 0)} vs ${fmt(d?.rps ?? Number.NaN, 0)} req/s)`,
      met: Number.isFinite(vsDirect) ? vsDirect >= 0.35 : null,
    },
  ];
}

export function targetsMet(cells: Cell[], idle: Memory, peaks: Memory, workers?: number): Target[] {
  const out: Target[] = [];
  const added = (s: string, c: number, t: TargetId, k: "p50" | "ttfbP50" = "p50"): number =>
    (find(cells, s, c, t)?.[k] ?? Number.NaN) - (find(cells, s, c, "direct")?.[k] ?? Number.NaN);
  for (const s of ["chat", "messages→openai", "responses→anthropic"]) {
    const a = added(s, 1, "switchyard");
    const p = added(s, 1, "peer");
    out.push({
      target: `Added median latency at 1 connection ≤ 0.2 ms (${s})`,
      measured: `${fmt(a)} ms (peer ${fmt(p)} ms)`,
      met: Number.isFinite(a) ? a <= 0.2 : null,
    });
  }
  out.push(...throughputTargets(cells, "switchyard", ""));
  if (workers !== undefined)
    out.push(...throughputTargets(cells, "workers", `, ${targetLabel("workers", workers)}`));
  const t = added("chat-stream", 1, "switchyard", "ttfbP50");
  const tp = added("chat-stream", 1, "peer", "ttfbP50");
  out.push({
    target: "Streaming: time to first byte added ≤ 0.5 ms (1 connection, median)",
    measured: `${fmt(t)} ms (peer ${fmt(tp)} ms)`,
    met: Number.isFinite(t) ? t <= 0.5 : null,
  });
  // Translation cost: Switchyard's added median latency (1 connection) and its throughput
  // share of direct (32 connections), translated vs passthrough.
  const passAdded = added("chat", 1, "switchyard");
  const g = find(cells, "chat", 32, "switchyard");
  const d = find(cells, "chat", 32, "direct");
  const passShare = g && d ? g.rps / d.rps : Number.NaN;
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
        `added p50 ${fmt(a)} ms vs ${fmt(passAdded)} ms passthrough; ` +
        `32-conn share of direct ${fmt(share * 100, 1)}% vs ${fmt(passShare * 100, 1)}% passthrough ` +
        `(cost ratio ${fmt(passShare / share, 2)}×)`,
      met: Number.isFinite(a) && Number.isFinite(share) ? latOk && thrOk : null,
    });
  }
  out.push({
    target: "Resident memory ≤ 100 MB idle",
    measured: `${fmt(idle.switchyard, 1)} MB (peer ${fmt(idle.peer, 1)} MB)`,
    met: Number.isFinite(idle.switchyard) ? idle.switchyard <= 100 : null,
  });
  out.push({
    target: "Resident memory ≤ 200 MB under the 32-connection load",
    measured: `${fmt(peaks.switchyard, 1)} MB peak (peer ${fmt(peaks.peer, 1)} MB)`,
    met: Number.isFinite(peaks.switchyard) ? peaks.switchyard <= 200 : null,
  });
  return out;
}

export function markdown(r: Results): string {
  const f = (x: number | undefined, d = 2): string =>
    x !== undefined && Number.isFinite(x) ? x.toFixed(d) : "n/a";
  const workers = r.config.workers ?? undefined;
  const lines: string[] = [];
  lines.push(
    `Run ${r.date} · ${r.machine.cpus} × ${r.machine.cpu} · Node ${r.machine.node} · ${r.config.secondsPerCell} s per cell` +
      ` · load: node:http closed loop${r.config.wrk ? "; wrk -t1 for 32-connection non-streaming cells" : ""}` +
      ` · peer: ${"version" in r.peer ? `Portkey ${r.peer.version}` : `n/a (${r.peer.error})`}` +
      (r.config.gatewayFlags.length > 0
        ? ` · Switchyard run with \`${r.config.gatewayFlags.join(" ")}\``
        : ""),
  );
  lines.push("");
  lines.push(
    "| scenario | conns | target | req/s | p50 ms | p90 ms | p99 ms | TTFB p50 ms | req/s ÷ direct | req/s ÷ peer | p50 ÷ direct | p50 ÷ peer | added p50 ms |",
  );
  lines.push("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const rows: TargetId[] =
    workers === undefined ? ["direct", "switchyard", "peer"] : ["direct", "switchyard", "workers", "peer"];
  for (const s of SCENARIOS)
    for (const c of CONNECTIONS) {
      const d = find(r.cells, s.id, c, "direct");
      const p = find(r.cells, s.id, c, "peer");
      for (const t of rows) {
        const name = targetLabel(t, workers);
        const x = r.cells.find((k) => k.scenario === s.id && k.connections === c && k.target === t);
        if (x === undefined || x.status !== "ok") {
          lines.push(`| ${s.id} | ${c} | ${name} | n/a | | | | | | | | | |`);
          continue;
        }
        const rat = (a: number, b?: number): string => (t === "direct" || b === undefined ? "" : f(a / b));
        lines.push(
          `| ${s.id} | ${c} | ${name}${x.tool === "wrk" ? " (wrk)" : ""} | ${f(x.rps, 0)} | ${f(x.p50, 3)} | ${f(x.p90, 3)} | ${f(x.p99, 3)} | ${s.stream ? f(x.ttfbP50, 3) : ""} | ` +
            `${rat(x.rps, d?.rps)} | ${t === "peer" ? "" : rat(x.rps, p?.rps)} | ${rat(x.p50, d?.p50)} | ${t === "peer" ? "" : rat(x.p50, p?.p50)} | ` +
            `${t === "direct" || d === undefined ? "" : f(x.p50 - d.p50, 3)} |`,
        );
      }
    }
  lines.push("");
  const m = r.memoryMb;
  lines.push(
    `Resident memory (VmRSS): Switchyard ${f(m.idle.switchyard, 1)} MB idle, ${f(m.peakUnder32.switchyard, 1)} MB peak under 32 connections; ` +
      `peer ${f(m.idle.peer, 1)} MB idle, ${f(m.peakUnder32.peer, 1)} MB peak.` +
      (workers === undefined
        ? ""
        : ` ${targetLabel("workers", workers)} (primary + ${workers} workers, summed): ${f(m.idle.workers, 1)} MB idle, ${f(m.peakUnder32.workers, 1)} MB peak.`),
  );
  const na = r.cells.filter((c) => c.status !== "ok");
  if (na.length > 0) {
    lines.push("");
    for (const c of na)
      lines.push(
        `- n/a: ${c.scenario} via ${targetLabel(c.target, workers)} (c=${c.connections}): ${c.note}`,
      );
  }
  lines.push("");
  lines.push("| target (issue 7) | measured | |");
  lines.push("|---|---|---|");
  for (const t of r.targets)
    lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? "n/a" : t.met ? "met" : "**missed**"} |`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}
