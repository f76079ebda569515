import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Simulator } from "./handler.ts";
import type { RunningSimulator, SimulatorOptions } from "./types.ts";

/**
 * The upstream simulator: OpenAI, Anthropic and Gemini wire formats, deterministic answers,
 * replay of recorded traffic, and fault controls (README.md beside this file).
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = new Simulator(opts);
  const server = createServer({ keepAliveTimeout: 65_000 }, sim.handle);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached through loopback; the URL must be one a client can dial.
  const dial = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const shown = dial.includes(":") ? `[${dial}]` : dial;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        sim.close();
        server.close(() => resolve());
        // hangs and paced streams would hold the server open: end them now
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * The simulator as a plain Node request listener, for mounting in-process (no socket of its
 * own): `http.createServer(simulatorHandler())`, or called from another server's routes.
 */
export function simulatorHandler(
  opts: SimulatorOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return new Simulator(opts).handle;
}

export type { RunningSimulator, SimulatorOptions } from "./types.ts";
