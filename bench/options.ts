/** The harness's command line (bench/run.ts). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));

const argv = process.argv.slice(2);
export const flag = (name: string): boolean => argv.includes(name);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

export const QUICK = flag("--quick");
export const SECONDS = Number(opt("--seconds") ?? (QUICK ? 1.5 : 6));
export const WARMUP_MS = QUICK ? 300 : 1000;
export const OUT = opt("--out") ?? join(HERE, "results");
/** `--workers N` (N > 1): also measure `switchyard ×N` (node:cluster), as its own target. */
export const WORKERS = ((): number | undefined => {
  const v = opt("--workers");
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2)
    throw new Error(`--workers needs a number ≥ 2, got ${JSON.stringify(v)}`);
  return n;
})();

/** The Node flags `switchyard` runs with (bin/switchyard.js, `npm start`): the bench measures the same. */
export const SERVE_FLAGS = "--max-semi-space-size=32";

/** `--gateway-flags "…"`: Node flags for Switchyard's processes instead of `SERVE_FLAGS`, to try V8 settings. */
export const GATEWAY_FLAGS = (opt("--gateway-flags") ?? SERVE_FLAGS).split(/\s+/).filter((f) => f !== "");

export const log = (s: string): void => void process.stderr.write(`${s}\n`);
