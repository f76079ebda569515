/**
 * The one place the CLI wires in the core and the simulator (everything else takes them as
 * parameters, so it can be tested without either).
 */
import { createGateway } from "../core/gateway.ts";
import type { ServeDeps } from "../server/start.ts";
import { startSimulator } from "../simulator/index.ts";

export const DEPS: ServeDeps = { createGateway, startSimulator };
