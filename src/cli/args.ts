import { parseArgs } from "node:util";
import { suggestion } from "../server/did-you-mean.ts";

/** A command-line mistake: printed with the command's usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/**
 * Strict flag parsing with messages a person can act on: an unknown flag names the closest
 * known one, a flag missing its value says so, stray arguments are refused unless the
 * command takes them. `--help`/`-h` is always accepted.
 */
export function parseFlags(
  command: string,
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  allowPositionals = false,
): Parsed {
  const all: Record<string, OptionSpec> = { ...options, help: { type: "boolean", short: "h" } };
  const { tokens } = parseArgs({
    args: [...args],
    options: all,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  const names = Object.keys(all);
  for (const t of tokens) {
    if (t.kind === "positional") {
      if (!allowPositionals) {
        throw new UsageError(`switchyard ${command}: unexpected argument ${JSON.stringify(t.value)}`);
      }
      positionals.push(t.value);
      continue;
    }
    if (t.kind === "option-terminator") continue;
    const spec = all[t.name];
    if (spec === undefined) {
      const dashed = names.map((n) => `--${n}`);
      throw new UsageError(
        `switchyard ${command}: unknown option ${t.rawName}${suggestion(`--${t.name}`, dashed)}`,
      );
    }
    if (spec.type === "string") {
      if (t.value === undefined || t.value === "" || (t.inlineValue !== true && t.value.startsWith("-"))) {
        throw new UsageError(`switchyard ${command}: ${t.rawName} needs a value`);
      }
      values[t.name] = t.value;
    } else {
      if (t.inlineValue === true) {
        throw new UsageError(`switchyard ${command}: ${t.rawName} takes no value`);
      }
      values[t.name] = true;
    }
  }
  return { values, positionals, help: values.help === true };
}

/** A TCP port (0 picks a free one). */
export function portFlag(command: string, v: string | boolean | undefined): number | undefined {
  if (typeof v !== "string") return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535) {
    throw new UsageError(
      `switchyard ${command}: --port must be a number from 0 to 65535, got ${JSON.stringify(v)}`,
    );
  }
  return Number(v);
}

export function stringFlag(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
