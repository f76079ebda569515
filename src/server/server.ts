import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Gateway } from "../core/gateway-types.ts";
import type { HeaderGetter } from "../formats/wire-format.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { type Auth, CREDENTIAL_HEADERS, createAuth } from "./auth.ts";
import { DEFAULT_BODY_LIMIT } from "./body.ts";
import type { Route, RouteContext } from "./context.ts";
import { formatRequestLine, type LogSink } from "./log.ts";
import { Metrics } from "./metrics.ts";
import { errorResult, sendJson } from "./respond.ts";
import { impliedFormat, matchRoute } from "./router.ts";
import { ROUTES } from "./routes/index.ts";

export interface ServerOptions {
  gateway: Gateway;
  /** The gateway key check; default: no key (every request accepted). */
  auth?: Auth;
  limits?: { bodyBytes?: number };
  metrics?: Metrics;
  /** One line per request; omit for silence (`--quiet`). */
  log?: LogSink;
  /** Override the route table (tests). */
  routes?: readonly Route[];
}

export interface GatewayServer extends Server {
  /**
   * Graceful stop: stop accepting, let in-flight requests and streams finish for up to
   * `timeoutMs`, then cut what is left. Resolves true when nothing had to be cut. Does not
   * close the gateway (its owner does, after this).
   */
  shutdown(timeoutMs?: number): Promise<boolean>;
  /** Requests being answered now. */
  readonly inFlight: number;
}

export const DEFAULT_SHUTDOWN_MS = 10_000;

/**
 * The HTTP face of the gateway: routing, body limits, auth and error rendering. Everything
 * about a request's meaning is the core's (`gateway.handle`); this file never looks inside a
 * body beyond checking it is a JSON object.
 */
export function createServer(opts: ServerOptions): GatewayServer {
  const gateway = opts.gateway;
  const auth = opts.auth ?? createAuth();
  const bodyLimit = opts.limits?.bodyBytes ?? DEFAULT_BODY_LIMIT;
  const metrics = opts.metrics ?? new Metrics();
  const log = opts.log;
  const routes = opts.routes ?? ROUTES;
  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];

  const server = createHttpServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch(() => {
      // only a bug in this file gets here: never leave the client hanging, never crash
      if (res.headersSent) res.destroy();
      else {
        res.statusCode = 500;
        res.end();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    inFlight++;
    if (draining) res.setHeader("connection", "close");
    const target = req.url ?? "/";
    const path = plainPath(target) ?? requestURL(target).pathname;
    const method = req.method ?? "GET";
    const ac = new AbortController();
    const match = matchRoute(routes, method, path);
    const route = match.kind === "found" ? match.route : undefined;
    const ctx = new RequestContext(req, res, target, path, route, {
      params: match.kind === "found" ? match.params : [],
      gateway,
      bodyLimit,
      metrics,
      signal: ac.signal,
    });
    const surface = match.kind === "none" ? "unknown" : route?.surface;
    if (surface !== undefined) metrics.requestStarted();

    res.once("close", () => {
      const aborted = !res.writableFinished;
      if (aborted) ac.abort();
      inFlight--;
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      const ms = performance.now() - started;
      if (surface !== undefined) {
        metrics.requestFinished({ surface, provider: ctx.provider, status, seconds: ms / 1000 });
      }
      log?.(formatRequestLine({ method, path, status, ms, provider: ctx.provider, aborted }));
      if (draining) {
        server.closeIdleConnections();
        if (inFlight === 0) for (const wake of idle.splice(0)) wake();
      }
    });

    if (match.kind === "none") {
      return fail(
        ctx,
        new SwitchyardError({
          kind: "not_found",
          status: 404,
          message: `no route for ${method} ${clip(path)}`,
        }),
      );
    }
    if (match.kind === "method") {
      res.setHeader("allow", match.allow.join(", "));
      return fail(
        ctx,
        new SwitchyardError({
          kind: "invalid_request",
          status: 405,
          message: `method ${clip(method)} is not allowed on ${clip(path)}; use ${match.allow.join(" or ")}`,
        }),
      );
    }
    if (route?.public !== true && auth.required) {
      const outcome = auth.check(req, ctx.url);
      if (!outcome.ok) {
        const message =
          outcome.reason === "missing"
            ? "missing gateway key: send it as `Authorization: Bearer <key>`, `x-api-key`, `x-goog-api-key` or `?key=`"
            : "invalid gateway key";
        return fail(
          ctx,
          new SwitchyardError({ kind: "authentication", status: 401, code: "invalid_api_key", message }),
        );
      }
    }
    try {
      await match.route.handler(ctx);
    } catch (e) {
      if (e instanceof SwitchyardError) return fail(ctx, e);
      log?.(`${new Date().toISOString()} error ${method} ${path}: ${describe(e)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      fail(
        ctx,
        new SwitchyardError({ kind: "server", status: 500, message: "internal error in the gateway" }),
      );
    }
  }

  function fail(ctx: RouteContext, err: SwitchyardError): void {
    if (ctx.res.headersSent) {
      ctx.res.destroy();
      return;
    }
    // the rest of an oversized body is not worth reading: answer and close
    if (err.kind === "request_too_large") ctx.res.setHeader("connection", "close");
    const r = errorResult(ctx.errorFormat, err);
    sendJson(ctx.res, r.status, r.headers, r.body);
  }

  function shutdown(timeoutMs: number = DEFAULT_SHUTDOWN_MS): Promise<boolean> {
    draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });
    server.closeIdleConnections();
    const finished = new Promise<boolean>((resolve) => {
      if (inFlight === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    return finished.then(async (clean) => {
      server.closeAllConnections();
      await closed;
      return clean;
    });
  }

  return Object.defineProperties(server, {
    shutdown: { value: shutdown },
    inFlight: { get: () => inFlight },
  }) as GatewayServer;
}

/**
 * One request's context. A class, not an object literal: the URL and the error format are
 * getters (worked out only when read: most requests need neither), and a literal with
 * getters costs about a microsecond to create where a class instance costs a hundredth.
 */
class RequestContext implements RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: string[];
  readonly gateway: Gateway;
  readonly bodyLimit: number;
  readonly metrics: Metrics;
  readonly headers: HeaderGetter;
  readonly signal: AbortSignal;
  provider = "none";
  readonly #target: string;
  readonly #path: string;
  readonly #route: Route | undefined;
  #url: URL | undefined;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    target: string,
    path: string,
    route: Route | undefined,
    shared: Pick<RouteContext, "params" | "gateway" | "bodyLimit" | "metrics" | "signal">,
  ) {
    this.req = req;
    this.res = res;
    this.params = shared.params;
    this.gateway = shared.gateway;
    this.bodyLimit = shared.bodyLimit;
    this.metrics = shared.metrics;
    this.headers = headerGetter(req);
    this.signal = shared.signal;
    this.#target = target;
    this.#path = path;
    this.#route = route;
  }

  get url(): URL {
    this.#url ??= requestURL(this.#target);
    return this.#url;
  }

  get errorFormat(): FormatId {
    return this.#route?.errorFormat ?? impliedFormat(this.#path, this.req.headers);
  }
}

/**
 * The path of a target that `new URL` would leave as it is (letters, digits, `-_.~:/`, no
 * dot segment, no escapes): what nearly every SDK request looks like, read without a parse.
 */
function plainPath(target: string): string | undefined {
  const q = target.indexOf("?");
  const p = q < 0 ? target : target.slice(0, q);
  return PLAIN_PATH.test(p) && !p.includes("/.") ? p : undefined;
}
const PLAIN_PATH = /^\/[\w\-.~:/]*$/;

/** The request target as a URL; its path always comes from the target, never a host in it. */
function requestURL(raw = "/"): URL {
  try {
    return new URL(`http://gateway.invalid${raw.startsWith("/") ? raw : `/${raw}`}`);
  } catch {
    return new URL("http://gateway.invalid/");
  }
}

/** Lower-case header lookup for the core, with credentials hidden: they are the gateway's, not the upstream's. */
function headerGetter(req: IncomingMessage): HeaderGetter {
  return (name) => {
    const n = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(n)) return undefined;
    const v = req.headers[n];
    return Array.isArray(v) ? v.join(", ") : v;
  };
}

/** Echoed request text is kept short. */
function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function describe(e: unknown): string {
  const s = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
