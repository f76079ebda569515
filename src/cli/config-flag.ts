import type { Env } from "../providers/credentials.ts";
import type { SwitchyardConfig } from "../server/config.ts";
import { ConfigError } from "../server/config-error.ts";
import { readConfig } from "../server/start.ts";
import type { CliIO } from "./io.ts";

/**
 * `--config FILE` for the commands that build a gateway (`chat`, `models`): the config, or —
 * when the file is invalid — the error written as `switchyard <command>: …` and exit code 1.
 */
export async function configOrExit(
  command: string,
  file: string | undefined,
  env: Env,
  io: CliIO,
): Promise<SwitchyardConfig | number> {
  try {
    return await readConfig(file, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`switchyard ${command}: ${e.message}\n`);
    return 1;
  }
}
