/** Resident memory of the targets: VmRSS from /proc, summed over a target's processes. */
import { readFileSync } from "node:fs";

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** MB resident for a process, or the sum for several (a cluster's primary and workers). */
export function rssMb(pids: number | readonly number[]): number {
  const all = typeof pids === "number" ? [pids] : pids;
  return all.reduce((sum, pid) => sum + rssOf(pid), 0);
}

/** Samples a target's RSS every 50 ms while started; `peak` since `start`. */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly pids: readonly number[];
  constructor(pids: number | readonly number[]) {
    this.pids = typeof pids === "number" ? [pids] : pids;
  }
  start(): void {
    this.peak = rssMb(this.pids);
    this.timer = setInterval(() => {
      const v = rssMb(this.pids);
      if (v > this.peak) this.peak = v;
    }, 50);
  }
  stop(): number {
    clearInterval(this.timer);
    const v = rssMb(this.pids);
    if (v > this.peak) this.peak = v;
    return this.peak;
  }
}
