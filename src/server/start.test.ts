import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { GatewayConfig } from "../core/gateway-types.ts";
import { SIMULATOR_KEY } from "./embedded.ts";
import { assertSafeToServe, banner, type ServeDeps, StartError, startGateway } from "./start.ts";
import { fakeGateway } from "./test-kit.ts";

function deps() {
  const state = { configs: [] as GatewayConfig[], simStarted: 0, simClosed: 0, gatewaysClosed: 0 };
  const d: ServeDeps = {
    createGateway(config) {
      state.configs.push(config);
      const g = fakeGateway();
      const close = g.close;
      g.close = async () => {
        state.gatewaysClosed++;
        await close();
      };
      return g;
    },
    async startSimulator() {
      state.simStarted++;
      return {
        url: "http://127.0.0.1:9",
        close: async () => {
          state.simClosed++;
        },
      };
    },
  };
  return { d, state };
}

const quiet = { quiet: true, port: 0 } as const;

describe("startGateway", () => {
  it("no provider keys: the simulator behind openai, anthropic and gemini, and the banner says so", async () => {
    const { d, state } = deps();
    const g = await startGateway({ ...quiet, env: {} }, d);
    try {
      assert.equal(state.simStarted, 1);
      const p = state.configs[0]?.providers;
      assert.deepEqual(p?.openai, { apiKey: SIMULATOR_KEY, baseURL: "http://127.0.0.1:9/v1", enabled: true });
      assert.deepEqual(p?.anthropic, { apiKey: SIMULATOR_KEY, baseURL: "http://127.0.0.1:9", enabled: true });
      assert.deepEqual(p?.gemini, { apiKey: SIMULATOR_KEY, baseURL: "http://127.0.0.1:9", enabled: true });
      assert.match(
        g.banner,
        /No provider keys found: serving the built-in simulator for gpt-\*, claude-\*, gemini-\*/,
      );
      assert.match(g.banner, /no gateway key set: accepting every request/);
      assert.match(g.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${g.url}/healthz`);
      assert.equal(r.status, 200);
    } finally {
      assert.equal(await g.shutdown(1000), true);
    }
    assert.equal(state.gatewaysClosed, 1);
    assert.equal(state.simClosed, 1);
  });

  it("with a key in the environment or config: the real providers, no simulator", async () => {
    for (const [env, file] of [
      [{ ANTHROPIC_API_KEY: "sk-ant" }, undefined],
      [{ GOOGLE_API_KEY: "AIza" }, undefined],
      [{}, "providers:\n  groq:\n    api_key: gsk-1\n"],
    ] as const) {
      const { d, state } = deps();
      const dir = await mkdtemp(join(tmpdir(), "sy-start-"));
      let configFile: string | undefined;
      if (file !== undefined) {
        configFile = join(dir, "c.yaml");
        await writeFile(configFile, file);
      }
      const g = await startGateway({ ...quiet, env, ...(configFile === undefined ? {} : { configFile }) }, d);
      try {
        assert.equal(state.simStarted, 0);
        assert.doesNotMatch(g.banner, /simulator/);
        assert.match(g.banner, /Providers: /);
        assert.equal(state.configs[0]?.env, env);
      } finally {
        await g.shutdown(100);
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("--simulator forces the simulator; a disabled provider's key does not count", async () => {
    const { d, state } = deps();
    const g = await startGateway({ ...quiet, env: { OPENAI_API_KEY: "sk" }, simulator: true }, d);
    await g.shutdown(100);
    assert.equal(state.simStarted, 1);
    const dir = await mkdtemp(join(tmpdir(), "sy-start-"));
    try {
      const f = join(dir, "c.yaml");
      await writeFile(f, "providers:\n  openai: { enabled: false }\n");
      const b = deps();
      const h = await startGateway({ ...quiet, env: { OPENAI_API_KEY: "sk" }, configFile: f }, b.d);
      await h.shutdown(100);
      assert.equal(b.state.simStarted, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a non-loopback address without a gateway key, and says why", async () => {
    const { d, state } = deps();
    await assert.rejects(
      startGateway({ ...quiet, host: "0.0.0.0", env: {} }, d),
      (e: unknown) =>
        e instanceof StartError &&
        /refusing to listen on 0\.0\.0\.0 without a gateway key/.test(e.message) &&
        /SWITCHYARD_MASTER_KEY/.test(e.message) &&
        /--allow-unauthenticated/.test(e.message),
    );
    assert.equal(state.simStarted, 0);
    assert.equal(state.configs.length, 0);
  });

  it("a non-loopback address is allowed with a key, or when explicitly overridden", () => {
    assert.doesNotThrow(() => assertSafeToServe("0.0.0.0", true, false));
    assert.doesNotThrow(() => assertSafeToServe("192.168.1.5", false, true));
    assert.doesNotThrow(() => assertSafeToServe("localhost", false, false));
    assert.throws(() => assertSafeToServe("::", false, false), StartError);
    const b = { url: "http://0.0.0.0:4000", providers: ["openai"], simulated: false, shutdownMs: 10_000 };
    assert.match(banner({ ...b, host: "0.0.0.0", keyed: true }), /gateway key required/);
    assert.match(banner({ ...b, host: "0.0.0.0", keyed: false }), /Auth: NONE, on 0\.0\.0\.0/);
  });

  it("with a gateway key, requests need it", async () => {
    const { d } = deps();
    const g = await startGateway({ ...quiet, env: { SWITCHYARD_MASTER_KEY: "gw-secret" } }, d);
    try {
      assert.match(g.banner, /gateway key required/);
      assert.doesNotMatch(g.banner, /gw-secret/);
      const denied = await fetch(`${g.url}/v1/models`);
      assert.equal(denied.status, 401);
      await denied.text();
      const ok = await fetch(`${g.url}/v1/models`, { headers: { authorization: "Bearer gw-secret" } });
      assert.equal(ok.status, 200);
      await ok.text();
    } finally {
      await g.shutdown(100);
    }
  });

  it("config server settings apply; command-line flags win", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sy-start-"));
    try {
      const f = join(dir, "c.yaml");
      await writeFile(
        f,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
        "server:\n  host: localhost\n  port: 1\n  master_key: ${GW:-from-config}\n  body_limit_mb: 0.001\n",
      );
      const { d } = deps();
      const g = await startGateway({ configFile: f, host: "127.0.0.1", port: 0, quiet: true, env: {} }, d);
      try {
        assert.match(g.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const big = await fetch(`${g.url}/v1/responses`, {
          method: "POST",
          headers: { "x-api-key": "from-config" },
          body: JSON.stringify({ x: "y".repeat(2000) }),
        });
        assert.equal(big.status, 413);
        await big.text();
      } finally {
        await g.shutdown(100);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a port in use is a clear error, and nothing is left running", async () => {
    const { d, state } = deps();
    const first = await startGateway({ ...quiet, env: {} }, d);
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(
        startGateway({ quiet: true, port, env: {} }, d),
        /port \d+ on 127\.0\.0\.1 is in use: pick another with --port/,
      );
      assert.equal(state.simClosed, 1);
      assert.equal(state.gatewaysClosed, 1);
    } finally {
      await first.shutdown(100);
    }
  });

  it("request lines go to the given sink, and not with quiet", async () => {
    const { d } = deps();
    const lines: string[] = [];
    const g = await startGateway({ port: 0, env: {}, log: (l) => lines.push(l) }, d);
    await (await fetch(`${g.url}/healthz`)).text();
    await g.shutdown(100);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /GET \/healthz 200/);
  });
});
