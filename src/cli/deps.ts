/**
 * The one place the CLI wires in the core and the simulator (everything else takes them as
 * parameters, so it can be tested without either). The simulator loads only when it is
 * started: with provider keys a gateway never needs it.
 */
import { createGateway } from "../core/gateway.ts";
import type { ServeDeps } from "../server/start.ts";

export const DEPS: ServeDeps = {
  createGateway,
  startSimulator: async (opts) => (await import("../simulator/index.ts")).startSimulator(opts),
};
