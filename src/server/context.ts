import type { IncomingMessage, ServerResponse } from "node:http";
import type { Gateway } from "../core/gateway-types.ts";
import type { HeaderGetter } from "../formats/wire-format.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Metrics } from "./metrics.ts";

/** What a route handler gets: the exchange, the parsed URL and the shared services. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Captures of the route's pattern (URL-decoded). */
  params: string[];
  gateway: Gateway;
  bodyLimit: number;
  metrics: Metrics;
  /** Request headers for the core (`x-switchyard-*` controls); credentials are hidden. */
  headers: HeaderGetter;
  /** Aborted when the client goes away before the answer ends. */
  signal: AbortSignal;
  /** The format errors are written in (the surface's own). */
  errorFormat: FormatId;
  /** The provider that answered, once known: logged and counted. */
  provider: string;
}

/** Sends the answer (or throws a SwitchyardError the server renders in `errorFormat`). */
export type RouteHandler = (ctx: RouteContext) => Promise<void>;

export interface Route {
  /** Exact path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  method: "GET" | "POST";
  handler: RouteHandler;
  /** Label for metrics; undefined = not counted (health checks, scrapes). */
  surface?: string;
  /** Format of its errors; when absent, implied by the path. */
  errorFormat?: FormatId;
  /** Open without the gateway key (health checks). */
  public?: boolean;
}
