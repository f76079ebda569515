import type { RouteHandler } from "../context.ts";
import { METRICS_CONTENT_TYPE } from "../metrics.ts";
import { sendJson } from "../respond.ts";

/** `GET /healthz` — the process answers; no provider is called. */
export const healthz: RouteHandler = async (ctx) => {
  sendJson(ctx.res, 200, { "cache-control": "no-store" }, { status: "ok" });
};

/** `GET /metrics` — Prometheus text. */
export const metrics: RouteHandler = async (ctx) => {
  sendJson(
    ctx.res,
    200,
    { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" },
    ctx.metrics.render(),
  );
};
