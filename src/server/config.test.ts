import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig, parseConfig } from "./config.ts";
import { didYouMean } from "./did-you-mean.ts";

function issues(text: string, env: Record<string, string> = {}) {
  try {
    parseConfig(text, { file: "sy.yaml", env });
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e;
  }
  assert.fail("expected a ConfigError");
}

describe("config", () => {
  it("maps every key to the gateway config", () => {
    const c = parseConfig(
      `
server:
  host: 0.0.0.0
  port: 4100
  master_key: gw-key
  body_limit_mb: 8
  allow_unauthenticated: false
  shutdown_timeout_ms: 2500
providers:
  openai:
    api_key: sk-1
    base_url: https://proxy.example/v1
    headers: { OpenAI-Organization: org-1 }
  ollama:
    enabled: true
  groq: { enabled: false }
aliases:
  fast: [gpt-4o-mini, claude-haiku-4-5]
  smart: claude-sonnet-4-5
timeouts:
  connect_ms: 1000
  first_byte_ms: 2000
  idle_ms: 3000
  total_ms: 4000
`,
      { env: {} },
    );
    assert.deepEqual(c.server, {
      host: "0.0.0.0",
      port: 4100,
      masterKey: "gw-key",
      bodyLimitMb: 8,
      allowUnauthenticated: false,
      shutdownTimeoutMs: 2500,
    });
    assert.deepEqual(c.gateway.providers, {
      openai: {
        apiKey: "sk-1",
        baseURL: "https://proxy.example/v1",
        headers: { "OpenAI-Organization": "org-1" },
      },
      ollama: { enabled: true },
      groq: { enabled: false },
    });
    assert.deepEqual(c.gateway.aliases, {
      fast: ["gpt-4o-mini", "claude-haiku-4-5"],
      smart: "claude-sonnet-4-5",
    });
    assert.deepEqual(c.gateway.timeouts, { connectMs: 1000, firstByteMs: 2000, idleMs: 3000, totalMs: 4000 });
  });

  it("an empty file is an empty config", () => {
    const c = parseConfig("", { env: {} });
    assert.deepEqual(c.server, {});
    assert.equal(c.gateway.providers, undefined);
    assert.deepEqual(parseConfig("server:\n", { env: {} }).server, {});
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
  it("interpolates ${VAR} and ${VAR:-default}, numbers and booleans included", () => {
    const env = { KEY: "sk-env", PORT: "4200", OPEN: "true" };
    const c = parseConfig(
      `server:
  port: \${PORT}
  master_key: "\${MASTER:-fallback-key}"
  allow_unauthenticated: \${OPEN}
  host: "\${HOST:-127.0.0.1}"
providers:
  anthropic:
    api_key: \${KEY}
    base_url: "http://\${SIM_HOST:-localhost}:9000"
`,
      { env },
    );
    assert.equal(c.server.port, 4200);
    assert.equal(c.server.masterKey, "fallback-key");
    assert.equal(c.server.allowUnauthenticated, true);
    assert.equal(c.server.host, "127.0.0.1");
    assert.deepEqual(c.gateway.providers?.anthropic, { apiKey: "sk-env", baseURL: "http://localhost:9000" });
    assert.equal(c.gateway.env, env);
  });

  it("an unset variable without a default is an error naming key and line", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
    const e = issues("providers:\n  openai:\n    api_key: ${OPENAI_KEY_TYPO}\n");
    assert.deepEqual(e.issues, [
      {
        path: "providers.openai.api_key",
        line: 3,
        message:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test
          "environment variable ${OPENAI_KEY_TYPO} is not set (write ${OPENAI_KEY_TYPO:-default} for a fallback)",
      },
    ]);
    assert.match(e.message, /sy\.yaml:3: providers\.openai\.api_key: environment variable/);
  });

  it("unknown keys, with did-you-mean, each with its line", () => {
    const e = issues(`server:
  prot: 4000
  hots: x
providers:
  opnai:
    api_key: k
  anthropic:
    apikey: k
timeout:
  idle_ms: 5
timeouts:
  idle: 5
`);
    const byPath = Object.fromEntries(e.issues.map((i) => [i.path, i]));
    assert.equal(byPath["server.prot"]?.line, 2);
    assert.match(byPath["server.prot"]?.message ?? "", /unknown key \(did you mean "port"\?\)/);
    assert.equal(byPath["server.hots"]?.line, 3);
    assert.match(byPath["server.hots"]?.message ?? "", /did you mean "host"/);
    assert.equal(byPath["providers.opnai"]?.line, 5);
    assert.match(byPath["providers.opnai"]?.message ?? "", /unknown provider \(did you mean "openai"\?\)/);
    assert.equal(byPath["providers.anthropic.apikey"]?.line, 8);
    assert.match(byPath["providers.anthropic.apikey"]?.message ?? "", /did you mean "api_key"/);
    assert.equal(byPath.timeout?.line, 9);
    assert.match(byPath.timeout?.message ?? "", /did you mean "timeouts"/);
    assert.equal(byPath["timeouts.idle"]?.line, 12);
    assert.match(byPath["timeouts.idle"]?.message ?? "", /did you mean "idle_ms"/);
    assert.equal(e.issues.length, 6);
  });

  it("named provider instances: `type` names the provider, the key is the name models are addressed by", () => {
    const c = parseConfig(
      `
providers:
  openai: { api_key: sk-1 }
  work-openai: { type: openai, api_key: sk-2, base_url: "https://work.example/v1" }
  local: { type: vllm, base_url: "http://127.0.0.1:8000/v1" }
`,
      { file: "sy.yaml", env: {} },
    );
    assert.deepEqual(c.gateway.providers, {
      openai: { apiKey: "sk-1" },
      "work-openai": { type: "openai", apiKey: "sk-2", baseURL: "https://work.example/v1" },
      local: { type: "vllm", baseURL: "http://127.0.0.1:8000/v1" },
    });
    const e = issues(`providers:
  mine: { api_key: k }
  other: { type: opnai }
  anthropic: { type: openai }
  "bad name": { type: openai }
`);
    const byPath = Object.fromEntries(e.issues.map((i) => [i.path, i]));
    assert.match(
      byPath["providers.mine"]?.message ?? "",
      /unknown provider.*a named instance needs `type: <provider>`/,
    );
    assert.equal(byPath["providers.other.type"]?.line, 3);
    assert.match(
      byPath["providers.other.type"]?.message ?? "",
      /unknown provider type \(did you mean "openai"\?\)/,
    );
    assert.match(
      byPath["providers.anthropic.type"]?.message ?? "",
      /is the anthropic provider; give this openai instance another name/,
    );
    assert.match(byPath["providers.bad name"]?.message ?? "", /letters, digits/);
    assert.equal(e.issues.length, 4);
  });

  it("wrong types name the key and line, never the value", () => {
    const e = issues(`server:
  port: 99999
  body_limit_mb: -1
  allow_unauthenticated: sometimes
  master_key: [a, b]
providers:
  openai:
    base_url: not a url
    enabled: "sk-secret-value"
aliases:
  empty: []
  bad: { x: 1 }
timeouts: 5
`);
    const got = e.issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
    assert.deepEqual(got, [
      "2 server.port: expected a whole number from 0 to 65535",
      "3 server.body_limit_mb: expected a number above 0",
      "4 server.allow_unauthenticated: expected true or false, got text",
      "5 server.master_key: expected a single value, got a list",
      "8 providers.openai.base_url: expected an http(s) URL, e.g. http://localhost:11434/v1",
      "9 providers.openai.enabled: expected true or false, got text",
      "11 aliases.empty: expected at least one model name",
      "12 aliases.bad: expected a single value, got a mapping",
      "13 timeouts: expected a mapping of keys, got a number",
    ]);
    assert.doesNotMatch(e.message, /sk-secret-value/);
  });

  it("YAML syntax errors and duplicate keys carry their line", () => {
    const e = issues("server:\n  port: 1\n  port: 2\n");
    assert.equal(e.issues[0]?.line, 3);
    const s = issues("server:\n  host: [unclosed\n");
    assert.ok((s.issues[0]?.line ?? 0) >= 2);
    const top = issues("- a\n- b\n");
    assert.equal(top.issues[0]?.path, "(top level)");
  });

  it("anchors and aliases resolve", () => {
    const c = parseConfig("aliases:\n  a: &m gpt-4o\n  b: *m\n", { env: {} });
    assert.deepEqual(c.gateway.aliases, { a: "gpt-4o", b: "gpt-4o" });
  });

  it("loadConfig reads a file; a missing file is a clear error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sy-config-"));
    try {
      const f = join(dir, "switchyard.yaml");
      await writeFile(f, "server:\n  port: 4300\n");
      assert.equal((await loadConfig(f, {})).server.port, 4300);
      await assert.rejects(loadConfig(join(dir, "nope.yaml"), {}), /nope\.yaml: \(file\): no such file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("didYouMean", () => {
  it("suggests close names only", () => {
    assert.equal(didYouMean("prot", ["host", "port"]), "port");
    assert.equal(didYouMean("anthropc", ["openai", "anthropic"]), "anthropic");
    assert.equal(didYouMean("zzzzzz", ["openai", "anthropic"]), undefined);
  });
});
