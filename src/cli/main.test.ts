import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

/** The environment without provider or gateway keys: the embedded simulator answers. */
function keylessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/_API_KEY$|_BASE_URL$|^SWITCHYARD_/.test(k)) env[k] = v;
  }
  return env;
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: keylessEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("switchyard (process)", { timeout: 30_000 }, () => {
  it("help, unknown commands, demo", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /serve\s+run the gateway \(the default\)/);
    const bad = await run(["srve"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command "srve" \(did you mean "serve"\?\)/);
    const demo = await run(["demo"]);
    assert.equal(demo.code, 0);
    assert.match(demo.stdout, /as openai-chat/);
    for (const cmd of ["serve", "chat", "models", "simulate"]) {
      const h = await run([cmd, "--help"]);
      assert.equal(h.code, 0, cmd);
      assert.match(h.stdout, new RegExp(`usage: switchyard ${cmd}`));
    }
  });

  it("flags alone start serve on the embedded simulator; SIGTERM stops it cleanly", async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [MAIN, "--port", "0"], {
        env: keylessEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      const url = await new Promise<string>((resolve, reject) => {
        child?.stderr?.on("data", (c: Buffer) => {
          stderr += c;
          const m = /listening on (http:\/\/\S+)/.exec(stderr);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        child?.once("exit", () => reject(new Error(`exited early: ${stderr}`)));
      });
      assert.match(
        stderr,
        /No provider keys found: serving the built-in simulator for gpt-\*, claude-\*, gemini-\*/,
      );
      const r = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "ping" }] }),
      });
      assert.equal(r.status, 200);
      const body = (await r.json()) as { choices: Array<{ message: { content: string } }> };
      assert.match(body.choices[0]?.message.content ?? "", /ping/);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
      assert.match(stderr, /POST \/v1\/chat\/completions 200 \d+ms anthropic/);
      child = undefined;
    } finally {
      child?.kill("SIGKILL");
    }
  });

  it("chat streams an answer through the core", async () => {
    const r = await run(["chat", "-m", "gemini-2.5-flash", "say", "hello"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /say hello/);
  });
});
