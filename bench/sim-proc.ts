/** Bench child: the simulator alone in its own process; prints `{"url": …}` on stdout when ready. */
import { startSimulator } from "../src/simulator/index.ts";

const sim = await startSimulator({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url: sim.url, pid: process.pid })}\n`);
process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
