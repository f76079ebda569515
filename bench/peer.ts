/** The peer gateway: Portkey's open-source gateway, installed into the temp folder on first use. */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { log } from "./options.ts";
import { freePort, NODE, type Proc } from "./processes.ts";

export const PEER_VERSION = "1.15.2";
export const PEER_DIR = join(tmpdir(), `switchyard-bench-portkey-${PEER_VERSION}`);
const run = promisify(execFile);

/** Install Portkey's gateway (cached in the temp folder) and start it; throws with the reason. */
export async function startPeer(): Promise<Proc> {
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
      if (r.ok) return { name: "peer", url, pid: child.pid as number, pids: [child.pid as number], child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("peer did not answer GET / in 20 s");
}
