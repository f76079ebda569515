import type { RunningSimulator, SimulatorOptions } from "../simulator/types.ts";
import { parseFlags, portFlag, stringFlag } from "./args.ts";
import type { CliIO } from "./io.ts";
import type { SignalSource } from "./serve.ts";

export const DEFAULT_SIMULATOR_PORT = 4010;

export const SIMULATE_HELP = `usage: switchyard simulate [options]

Runs the upstream simulator alone: OpenAI (/v1/responses, /v1/chat/completions, embeddings,
images, audio), Anthropic (/v1/messages) and Gemini (/v1beta/models/…) in their exact wire
shapes, with deterministic answers and fault controls. Point a provider at it with
OPENAI_BASE_URL=<url>/v1, ANTHROPIC_BASE_URL=<url>, GEMINI_BASE_URL=<url>.

options:
  --host HOST     address to listen on (default 127.0.0.1)
  --port N        port (default ${DEFAULT_SIMULATOR_PORT}; 0 picks a free one)
  --replay DIR    serve recorded fixtures from DIR (the ../shared/wire layout)
  -h, --help      this text
`;

const FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  replay: { type: "string" },
} as const;

export async function simulate(
  args: readonly string[],
  io: CliIO,
  start: (opts: SimulatorOptions) => Promise<RunningSimulator>,
  signals: SignalSource = process,
): Promise<number> {
  const p = parseFlags("simulate", args, FLAGS);
  if (p.help) {
    io.out(SIMULATE_HELP);
    return 0;
  }
  const replayDir = stringFlag(p.values.replay);
  let sim: RunningSimulator;
  try {
    sim = await start({
      host: stringFlag(p.values.host) ?? "127.0.0.1",
      port: portFlag("simulate", p.values.port) ?? DEFAULT_SIMULATOR_PORT,
      ...(replayDir === undefined ? {} : { replayDir }),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "the port is in use: pick another with --port" : (e as Error).message;
    io.err(`switchyard simulate: ${why}\n`);
    return 1;
  }
  io.err(
    `Switchyard simulator on ${sim.url}${replayDir === undefined ? "" : ` (replaying ${replayDir})`}\n` +
      `  OpenAI ${sim.url}/v1 · Anthropic ${sim.url} · Gemini ${sim.url}\n` +
      "  Ctrl-C stops\n",
  );
  return new Promise((resolve) => {
    const stop = (): void => {
      sim.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    signals.once("SIGTERM", stop);
    signals.once("SIGINT", stop);
  });
}
