/** `switchyard` command line. Subcommands arrive with the gateway (issue 4). */
const [command] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") {
  console.log(
    "usage: switchyard <command>\n\ncommands arrive with the gateway: serve, simulate, models, chat",
  );
} else {
  console.error(`switchyard: unknown command ${JSON.stringify(command)}`);
  process.exitCode = 2;
}
