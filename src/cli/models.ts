import type { ModelListing } from "../core/gateway-types.ts";
import { providersWithKeys, withSimulator } from "../server/embedded.ts";
import type { ServeDeps } from "../server/start.ts";
import { parseFlags, stringFlag } from "./args.ts";
import { configOrExit } from "./config-flag.ts";
import type { CliIO } from "./io.ts";

export const MODELS_HELP = `usage: switchyard models [options]

Lists the models of the configured providers (those with keys, or the simulated OpenAI,
Anthropic and Gemini when there are none) and the aliases from the config.

options:
  --config FILE   YAML config (providers, aliases)
  --json          the OpenAI list shape, as GET /v1/models returns it
  -h, --help      this text
`;

const FLAGS = { config: { type: "string" }, json: { type: "boolean" } } as const;

export async function models(
  args: readonly string[],
  io: CliIO,
  deps: Pick<ServeDeps, "createGateway">,
): Promise<number> {
  const p = parseFlags("models", args, FLAGS);
  if (p.help) {
    io.out(MODELS_HELP);
    return 0;
  }
  const env = process.env;
  const config = await configOrExit("models", stringFlag(p.values.config), env, io);
  if (typeof config === "number") return config;
  const simulated = providersWithKeys(config.gateway, env).length === 0;
  // listing calls no provider: the simulated providers need no running simulator here
  const gatewayConfig = simulated ? withSimulator(config.gateway, "http://127.0.0.1:9") : config.gateway;
  const gateway = deps.createGateway(gatewayConfig);
  try {
    const list = gateway.models();
    if (p.values.json === true) io.out(`${JSON.stringify({ object: "list", data: list }, null, 2)}\n`);
    else {
      if (simulated) io.err("No provider keys found: these are the models the built-in simulator serves.\n");
      io.out(modelTable(list));
    }
  } finally {
    await gateway.close();
  }
  return 0;
}

/** Models as an aligned text table; aliases show what they resolve to. */
export function modelTable(list: readonly ModelListing[]): string {
  const header = ["MODEL", "PROVIDER", "CONTEXT", "MAX OUT", "$/M IN", "$/M OUT", "CAPABILITIES"];
  const rows = list.map((m) => [
    m.id,
    m.targets === undefined ? m.owned_by : "alias",
    m.limits === undefined ? "" : count(m.limits.context_window),
    m.limits === undefined ? "" : count(m.limits.max_output_tokens),
    m.pricing === undefined ? "" : price(m.pricing.input),
    m.pricing === undefined ? "" : price(m.pricing.output),
    m.targets === undefined ? m.capabilities.join(",") : `→ ${m.targets.join(", ")}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

function count(n: number): string {
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toFixed(2))}M`;
  if (n >= 1000) return `${Math.round(n / 1000)}k`;
  return String(n);
}

/** Per-token USD → per million tokens. */
function price(perToken: number): string {
  const m = perToken * 1e6;
  return m === 0 ? "free" : m >= 0.01 ? m.toFixed(2) : m.toPrecision(2);
}
