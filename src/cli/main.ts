/**
 * `switchyard` command line. With no command (what `npm start` runs) it serves the gateway;
 * flags alone go to `serve`, so `npm start -- --port 4100` works.
 */
import { enableCompileCache } from "node:module";

// Node keeps the type-stripped, compiled modules in its cache folder: every start after the
// first loads no TypeScript stripper and compiles less (≈15 MB less resident memory)
enableCompileCache();
const { suggestion } = await import("../server/did-you-mean.ts");
const { UsageError } = await import("./args.ts");
const { processIO } = await import("./io.ts");

const USAGE = `usage: switchyard [command] [options]

commands:
  serve      run the gateway (the default): OpenAI, Anthropic and Gemini APIs on one port
  chat       stream one answer to the terminal:  switchyard chat -m gpt-4o-mini "hello"
  models     list the models of the configured providers and the aliases
  simulate   run the upstream simulator alone
  demo       translate one request across the four wire formats, offline
  help       this text

\`switchyard <command> --help\` describes each command's options.
`;

const COMMANDS = ["serve", "chat", "models", "simulate", "demo", "help"];

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  const io = processIO;
  // lazily: `demo` and `help` must not load the core or the simulator, nor a cluster's primary
  const deps = async () => (await import("./deps.ts")).DEPS;
  switch (first) {
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return 0;
    case "demo":
      (await import("./demo.ts")).demo();
      return 0;
    case "serve":
      return (await import("./serve.ts")).serve(rest, io, deps);
    case "chat":
      return (await import("./chat.ts")).chat(rest, io, await deps());
    case "models":
      return (await import("./models.ts")).models(rest, io, await deps());
    case "simulate":
      return (await import("./simulate.ts")).simulate(
        rest,
        io,
        (await import("../simulator/index.ts")).startSimulator,
      );
    default:
      if (first === undefined || first.startsWith("-")) {
        return (await import("./serve.ts")).serve(argv, io, deps);
      }
      throw new UsageError(
        `switchyard: unknown command ${JSON.stringify(first)}${suggestion(first, COMMANDS)}`,
      );
  }
}

try {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  if (code === 130) process.exit(code);
  // once a gateway has drained it exits even if a stray socket or timer lingers
  setTimeout(() => process.exit(code), 1000).unref();
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n(see \`switchyard help\`)\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`switchyard: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
