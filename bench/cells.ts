/** One measured cell (scenario × connections × target) and how a load run becomes one. */
import { type LoadResult, pct } from "./load.ts";
import type { TargetId } from "./scenarios.ts";

export interface Cell {
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

export type CellFigures = Omit<Cell, "scenario" | "connections" | "target" | "tool" | "status">;

export const CURVE_POINTS = [1, 5, 10, 25, 50, 75, 90, 95, 99];

export function summarise(r: LoadResult): CellFigures {
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

/** A cell that was not measured, with the reason. */
export function naCell(base: Pick<Cell, "scenario" | "connections" | "target">, note: string): Cell {
  return {
    ...base,
    tool: "node",
    status: "n/a",
    note,
    requests: 0,
    errors: 0,
    rps: Number.NaN,
    p50: Number.NaN,
    p90: Number.NaN,
    p99: Number.NaN,
    max: Number.NaN,
    curve: [],
  };
}
