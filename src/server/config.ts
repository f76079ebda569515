import { readFile } from "node:fs/promises";
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { GatewayConfig, ProviderConfig, Timeouts } from "../core/gateway-types.ts";
import type { Env } from "../providers/credentials.ts";
import { PROVIDERS } from "../providers/registry.ts";
import { ConfigError, type ConfigIssue } from "./config-error.ts";
import { readCooldown, readPools, readRetry } from "./config-routing.ts";
import { suggestion } from "./did-you-mean.ts";

export { ConfigError, type ConfigIssue };

/**
 * The gateway's YAML config, validated at start: every problem is reported at once, each
 * naming the key and its line. Strings may use `${VAR}` and `${VAR:-default}`; a variable
 * that is unset (or empty) with no default is an error — a config that names a key it cannot
 * find must not start quietly without it.
 *
 * ```yaml
 * server: { host: 127.0.0.1, port: 4000, master_key: "${SWITCHYARD_MASTER_KEY}" }
 * providers:
 *   openai: { api_key: "${OPENAI_API_KEY}" }
 *   ollama: { base_url: http://gpu-box:11434/v1 }
 * aliases:
 *   fast: [gpt-4o-mini, claude-haiku-4-5]
 * timeouts: { first_byte_ms: 30000 }
 * ```
 */
export interface ServerSettings {
  host?: string;
  port?: number;
  masterKey?: string;
  bodyLimitMb?: number;
  allowUnauthenticated?: boolean;
  shutdownTimeoutMs?: number;
}

export interface SwitchyardConfig {
  server: ServerSettings;
  gateway: GatewayConfig;
}

const SECTIONS = ["server", "providers", "aliases", "pools", "timeouts", "retry", "cooldown"] as const;
const SERVER_KEYS = [
  "host",
  "port",
  "master_key",
  "body_limit_mb",
  "allow_unauthenticated",
  "shutdown_timeout_ms",
] as const;
const PROVIDER_KEYS = ["type", "api_key", "base_url", "headers", "enabled"] as const;
/** A named provider instance's name (it prefixes model names: `<name>/<model>`). */
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TIMEOUT_KEYS = {
  connect_ms: "connectMs",
  first_byte_ms: "firstByteMs",
  idle_ms: "idleMs",
  total_ms: "totalMs",
} as const;
const PROVIDER_IDS = PROVIDERS.map((p) => p.id);

export async function loadConfig(file: string, env: Env = process.env): Promise<SwitchyardConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      { path: "(file)", message: code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(e)})` },
    ]);
  }
  return parseConfig(text, { file, env });
}

export function parseConfig(text: string, opts: { file?: string; env?: Env } = {}): SwitchyardConfig {
  const file = opts.file ?? "config";
  const env = opts.env ?? process.env;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: "(yaml)",
        line: lc.linePos(e.pos[0]).line,
        message: e.message.split("\n")[0] ?? "",
      })),
    );
  }
  const r = new Reader(lc, env, (n) => (isAlias(n) ? (n.resolve(doc) ?? null) : n));
  const out: SwitchyardConfig = { server: {}, gateway: { env } };
  for (const { key, keyNode, value } of r.entries(doc.contents, "")) {
    switch (key) {
      case "server":
        out.server = readServer(r, value);
        break;
      case "providers":
        out.gateway.providers = readProviders(r, value);
        break;
      case "aliases":
        out.gateway.aliases = readAliases(r, value);
        break;
      case "timeouts":
        out.gateway.timeouts = readTimeouts(r, value);
        break;
      case "pools":
        out.gateway.pools = readPools(r, value);
        break;
      case "retry":
        out.gateway.retry = readRetry(r, value);
        break;
      case "cooldown":
        out.gateway.cooldown = readCooldown(r, value);
        break;
      default:
        r.unknown(keyNode, key, SECTIONS);
    }
  }
  if (r.issues.length > 0) throw new ConfigError(file, r.issues);
  return out;
}

function readServer(r: Reader, node: Node | null): ServerSettings {
  const s: ServerSettings = {};
  for (const { key, keyNode, value } of r.entries(node, "server")) {
    const path = `server.${key}`;
    switch (key) {
      case "host":
        set(s, "host", r.string(value, path));
        break;
      case "port":
        set(s, "port", r.integer(value, path, 0, 65535));
        break;
      case "master_key":
        set(s, "masterKey", r.string(value, path));
        break;
      case "body_limit_mb":
        set(s, "bodyLimitMb", r.positive(value, path));
        break;
      case "allow_unauthenticated":
        set(s, "allowUnauthenticated", r.boolean(value, path));
        break;
      case "shutdown_timeout_ms":
        set(s, "shutdownTimeoutMs", r.integer(value, path, 0, 3_600_000));
        break;
      default:
        r.unknown(keyNode, path, SERVER_KEYS);
    }
  }
  return s;
}

/**
 * `providers:` — a known provider by its id, or a named instance of one (a second OpenAI
 * account, a self-hosted vLLM) under a name of its own with `type: <provider id>`, addressed
 * as `<name>/<model>`.
 */
function readProviders(r: Reader, node: Node | null): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  for (const { key: id, keyNode, value } of r.entries(node, "providers")) {
    const entries = r.entries(value, `providers.${id}`);
    const typeEntry = entries.find((e) => e.key === "type");
    const type = typeEntry === undefined ? undefined : r.string(typeEntry.value, `providers.${id}.type`);
    if (typeEntry !== undefined && type !== undefined && !PROVIDER_IDS.includes(type)) {
      r.issue(
        typeEntry.value,
        `providers.${id}.type`,
        `unknown provider type${suggestion(type, PROVIDER_IDS)}; known: ${PROVIDER_IDS.join(", ")}`,
      );
      continue;
    }
    if (PROVIDER_IDS.includes(id) && type !== undefined && type !== id) {
      r.issue(
        typeEntry?.value ?? keyNode,
        `providers.${id}.type`,
        `"${id}" is the ${id} provider; give this ${type} instance another name`,
      );
      continue;
    }
    if (!PROVIDER_IDS.includes(id)) {
      if (typeEntry === undefined) {
        r.issue(
          keyNode,
          `providers.${id}`,
          `unknown provider${suggestion(id, PROVIDER_IDS)}; known: ${PROVIDER_IDS.join(", ")} (a named instance needs \`type: <provider>\`)`,
        );
        continue;
      }
      if (!INSTANCE_NAME.test(id)) {
        r.issue(keyNode, `providers.${id}`, "an instance name is letters, digits, '.', '_' or '-'");
        continue;
      }
    }
    const p: ProviderConfig = {};
    if (type !== undefined && !PROVIDER_IDS.includes(id)) p.type = type;
    for (const { key, keyNode: k, value: v } of entries) {
      const path = `providers.${id}.${key}`;
      switch (key) {
        case "type":
          break;
        case "api_key":
          set(p, "apiKey", r.string(v, path));
          break;
        case "base_url":
          set(p, "baseURL", r.url(v, path));
          break;
        case "headers": {
          const headers: Record<string, string> = {};
          for (const h of r.entries(v, path)) {
            const hv = r.string(h.value, `${path}.${h.key}`);
            if (hv !== undefined) headers[h.key] = hv;
          }
          p.headers = headers;
          break;
        }
        case "enabled":
          set(p, "enabled", r.boolean(v, path));
          break;
        default:
          r.unknown(k, path, PROVIDER_KEYS);
      }
    }
    out[id] = p;
  }
  return out;
}

function readAliases(r: Reader, node: Node | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { key, value } of r.entries(node, "aliases")) {
    const path = `aliases.${key}`;
    const v = r.resolve(value);
    if (isSeq(v)) {
      const names: string[] = [];
      v.items.forEach((item, i) => {
        const s = r.string(item as Node | null, `${path}[${i}]`, true);
        if (s !== undefined) names.push(s);
      });
      if (v.items.length === 0) r.issue(v, path, "expected at least one model name");
      else out[key] = names;
    } else {
      const s = r.string(v, path, true);
      if (s !== undefined) out[key] = s;
    }
  }
  return out;
}

function readTimeouts(r: Reader, node: Node | null): Timeouts {
  const t: Timeouts = {};
  for (const { key, keyNode, value } of r.entries(node, "timeouts")) {
    const path = `timeouts.${key}`;
    if (Object.hasOwn(TIMEOUT_KEYS, key)) {
      set(t, TIMEOUT_KEYS[key as keyof typeof TIMEOUT_KEYS], r.integer(value, path, 1, 86_400_000));
    } else r.unknown(keyNode, path, Object.keys(TIMEOUT_KEYS));
  }
  return t;
}

function set<T, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

export interface Entry {
  key: string;
  keyNode: Node | null;
  value: Node | null;
}

/** Walks the YAML tree, reading typed values and collecting issues with their lines. */
export class Reader {
  readonly issues: ConfigIssue[] = [];
  readonly #lc: LineCounter;
  readonly #env: Env;
  readonly resolve: (n: Node | null) => Node | null;

  constructor(lc: LineCounter, env: Env, resolve: (n: Node | null) => Node | null) {
    this.#lc = lc;
    this.#env = env;
    this.resolve = resolve;
  }

  issue(node: Node | null | undefined, path: string, message: string): void {
    const start = node?.range?.[0];
    this.issues.push(
      start === undefined ? { path, message } : { path, line: this.#lc.linePos(start).line, message },
    );
  }

  unknown(keyNode: Node | null, path: string, known: readonly string[]): void {
    const key = path.slice(path.lastIndexOf(".") + 1);
    this.issue(keyNode, path, `unknown key${suggestion(key, known)}; expected one of: ${known.join(", ")}`);
  }

  /** A mapping's entries (an empty or null value has none). */
  entries(node: Node | null | undefined, path: string): Entry[] {
    const n = this.resolve(node ?? null);
    if (n === null || (isScalar(n) && n.value === null)) return [];
    if (!isMap(n)) {
      this.issue(n, path || "(top level)", `expected a mapping of keys, got ${kind(n)}`);
      return [];
    }
    const out: Entry[] = [];
    for (const pair of n.items) {
      const k = pair.key as Node | null;
      const keyValue = isScalar(k) ? k.value : undefined;
      if (typeof keyValue !== "string" && typeof keyValue !== "number") {
        this.issue(k, path || "(top level)", "keys must be plain strings");
        continue;
      }
      out.push({ key: String(keyValue), keyNode: k, value: this.resolve(pair.value as Node | null) });
    }
    return out;
  }

  /** A scalar's value with `${VAR}` interpolated; null (`~`, empty) is "not set". */
  #scalar(node: Node | null, path: string): string | number | boolean | null | undefined {
    const n = this.resolve(node);
    if (n === null) return null;
    if (!isScalar(n)) {
      this.issue(n, path, `expected a single value, got ${kind(n)}`);
      return undefined;
    }
    const v = n.value;
    if (v === null || typeof v === "number" || typeof v === "boolean") return v;
    if (typeof v !== "string") {
      this.issue(n, path, `expected a single value, got ${kind(n)}`);
      return undefined;
    }
    const missing: string[] = [];
    const out = v.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_, name: string, fallback?: string) => {
        const e = this.#env[name];
        if (e !== undefined && e !== "") return e;
        if (fallback !== undefined) return fallback;
        missing.push(name);
        return "";
      },
    );
    if (missing.length > 0) {
      this.issue(
        n,
        path,
        `environment variable ${missing.map((m) => `\${${m}}`).join(", ")} is not set (write \${${missing[0]}:-default} for a fallback)`,
      );
      return undefined;
    }
    return out;
  }

  string(node: Node | null, path: string, required = false): string | undefined {
    const v = this.#scalar(node, path);
    if (v === undefined) return undefined;
    if (v === null) {
      if (required) this.issue(node, path, "expected a string, got nothing");
      return undefined;
    }
    if (typeof v === "string") {
      if (required && v.trim() === "") this.issue(node, path, "expected a non-empty string");
      return v;
    }
    // a bare number or boolean where text is expected (a numeric key, a model named 4) reads as text
    return String(v);
  }

  url(node: Node | null, path: string): string | undefined {
    const s = this.string(node, path);
    if (s === undefined) return undefined;
    if (!URL.canParse(s) || !/^https?:$/.test(new URL(s).protocol)) {
      this.issue(node, path, "expected an http(s) URL, e.g. http://localhost:11434/v1");
      return undefined;
    }
    return s;
  }

  integer(node: Node | null, path: string, min: number, max: number): number | undefined {
    const v = this.#number(node, path);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) {
      this.issue(node, path, `expected a whole number from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  positive(node: Node | null, path: string): number | undefined {
    const v = this.#number(node, path);
    if (v === undefined) return undefined;
    if (!(v > 0)) {
      this.issue(node, path, "expected a number above 0");
      return undefined;
    }
    return v;
  }

  boolean(node: Node | null, path: string): boolean | undefined {
    const v = this.#scalar(node, path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    this.issue(node, path, `expected true or false, got ${describe(v)}`);
    return undefined;
  }

  #number(node: Node | null, path: string): number | undefined {
    const v = this.#scalar(node, path);
    if (v === undefined || v === null) return undefined;
    // `${PORT:-4000}` arrives as text
    const n = typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== "number") {
      this.issue(node, path, `expected a number, got ${describe(v)}`);
      return undefined;
    }
    return n;
  }
}

/** What a value is, never what it says (it may be a key). */
function describe(v: string | number | boolean): string {
  return typeof v === "string" ? "text" : typeof v;
}

function kind(n: Node | null): string {
  if (isMap(n)) return "a mapping";
  if (isSeq(n)) return "a list";
  if (isScalar(n))
    return n.value === null ? "nothing" : `a ${typeof n.value === "string" ? "string" : typeof n.value}`;
  return "something else";
}
