/** wrk for the 32-connection non-streaming cells: a Node client saturates a core long before the simulator does. */
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type CellFigures, CURVE_POINTS } from "./cells.ts";
import { flag } from "./options.ts";
import type { Scenario } from "./scenarios.ts";

const run = promisify(execFile);

/** wrk's path, unless `--no-wrk` or it is not installed. */
export async function findWrk(): Promise<string | undefined> {
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

/** Throughput with wrk (one thread); latency percentiles from its --latency table. */
export async function runWrk(
  wrkPath: string,
  url: string,
  s: Scenario,
  headers: Record<string, string>,
  conns: number,
  ms: number,
): Promise<CellFigures> {
  const lua = join(tmpdir(), `switchyard-bench-wrk-${process.pid}.lua`);
  const hs = Object.entries({ ...headers, "content-type": "application/json" })
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join("\n");
  writeFileSync(lua, `wrk.method = "POST"\nwrk.body = [==[${JSON.stringify(s.body)}]==]\n${hs}\n`);
  const { stdout } = await run(
    wrkPath,
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
