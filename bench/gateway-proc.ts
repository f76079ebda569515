/**
 * Bench child: Switchyard in its own process, in front of the simulator at argv[2] (OpenAI
 * and Anthropic providers pointed at it); prints `{"url": …}` on stdout when ready.
 */
import { createGateway } from "../src/core/gateway.ts";
import { startGateway } from "../src/server/start.ts";
import { startSimulator } from "../src/simulator/index.ts";

const sim = process.argv[2];
if (sim === undefined) throw new Error("usage: gateway-proc.ts <simulator url>");
const running = await startGateway(
  {
    host: "127.0.0.1",
    port: 0,
    quiet: true,
    env: {
      OPENAI_API_KEY: "x",
      OPENAI_BASE_URL: `${sim}/v1`,
      ANTHROPIC_API_KEY: "x",
      ANTHROPIC_BASE_URL: sim,
    },
  },
  { createGateway, startSimulator },
);
process.stdout.write(`${JSON.stringify({ url: running.url, pid: process.pid })}\n`);
process.on("SIGTERM", () => void running.shutdown(1000).then(() => process.exit(0)));
