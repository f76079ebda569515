/** The benchmark's child processes: bench/*.ts entry points that print `{"url": …}` when ready. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { HERE } from "./options.ts";

export const NODE = process.execPath;

export interface Proc {
  name: string;
  url: string;
  pid: number;
  /** Every process of the target (a cluster's primary and its workers); memory is their sum. */
  pids: number[];
  child: ChildProcess;
}

/** Start a bench/*.ts entry point that prints `{"url": …}` on its first stdout line. */
export function startChild(
  name: string,
  file: string,
  args: string[],
  nodeFlags: readonly string[] = [],
): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [...nodeFlags, join(HERE, file), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 20 s`)), 20_000);
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      const { url, pids } = JSON.parse(buf.slice(0, nl)) as { url: string; pids?: number[] };
      const pid = child.pid as number;
      resolve({ name, url, pid, pids: pids ?? [pid], child });
    });
  });
}

/** Stop a child and wait for it to exit (bounded). */
export function stopChild(p: Proc, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      p.child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    p.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill("SIGTERM");
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
