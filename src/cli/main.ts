/** `switchyard` command line. `serve`, `simulate`, `models` and `chat` arrive with the gateway. */
import { demo } from "./demo.ts";

const USAGE = `usage: switchyard <command>

commands:
  demo     translate one request across the four wire formats, offline
  help     this text

coming with the gateway: serve, simulate, models, chat
`;

const [command] = process.argv.slice(2);
switch (command) {
  case undefined:
  case "demo":
    demo();
    break;
  case "help":
  case "--help":
  case "-h":
    process.stdout.write(USAGE);
    break;
  default:
    process.stderr.write(`switchyard: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    process.exitCode = 2;
}
