import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { workerCount } from "./cluster.ts";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/switchyard.js");

/** The children of a process (Linux); undefined where /proc does not say. */
function children(pid: number): number[] | undefined {
  const f = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(f)) return undefined;
  return readFileSync(f, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `switchyard serve --workers 2 --port 0` as a child (no provider key: each worker runs the simulator). */
function startServe() {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const child = spawn(process.execPath, [BIN, "serve", "--workers", "2", "--port", "0", "--quiet"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const out = { stderr: "" };
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    out.stderr += s;
  });
  const until = async (re: RegExp, ms = 8000): Promise<RegExpExecArray> => {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      const m = re.exec(out.stderr);
      if (m) return m;
      await sleep(20);
    }
    assert.fail(`no ${re} in:\n${out.stderr}`);
  };
  return { child, exited, out, until };
}

describe("switchyard serve --workers", () => {
  it("--workers: a count, or auto/0 for one per core", () => {
    assert.equal(workerCount("3"), 3);
    assert.ok((workerCount("auto") ?? 0) >= 1);
    assert.equal(workerCount("0"), workerCount("auto"));
    assert.equal(workerCount("x"), undefined);
    assert.equal(workerCount("-1"), undefined);
  });

  it("two workers on one port (0 → the real port in the banner); SIGTERM → exit 0, no worker left", async () => {
    const { child, exited, out, until } = startServe();
    try {
      const m = await until(/listening on (http:\/\/127\.0\.0\.1:(\d+)) \(2 workers/);
      const url = m[1] as string;
      assert.notEqual(m[2], "0");
      const workers = children(child.pid as number);
      if (workers !== undefined) assert.equal(workers.length, 2);

      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", connection: "close" },
          body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
        });
        assert.equal(r.status, 200);
        const body = (await r.json()) as { object?: string };
        assert.equal(body.object, "chat.completion");
      }

      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      assert.match(out.stderr, /SIGTERM: stopping 2 workers/);
      assert.match(out.stderr, /stopped\n$/);
      for (const pid of workers ?? []) assert.equal(alive(pid), false, `worker ${pid} outlived the primary`);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("a worker that dies is logged and replaced, after a back-off", async () => {
    const { child, exited, until } = startServe();
    try {
      await until(/listening on http:/);
      const workers = children(child.pid as number);
      if (workers === undefined) return; // no /proc: nothing to kill by pid here
      process.kill(workers[0] as number, "SIGKILL");
      await until(
        new RegExp(`worker ${workers[0]} exited with signal SIGKILL; starting a new one in 100 ms`),
      );
      const ready = await until(/worker (\d+) ready/);
      assert.ok(alive(Number(ready[1])));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      assert.equal(alive(Number(ready[1])), false);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
