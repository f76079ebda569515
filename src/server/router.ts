import type { IncomingHttpHeaders } from "node:http";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Route } from "./context.ts";

export type RouteMatch =
  | { kind: "found"; route: Route; params: string[] }
  | { kind: "method"; allow: string[] }
  | { kind: "none" };

/** The route for a method and path; a known path with another method is a 405, not a 404. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const p = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const allow: string[] = [];
  for (const r of routes) {
    let params: string[] | undefined;
    if (typeof r.path === "string") {
      if (r.path === p) params = [];
    } else {
      const m = r.path.exec(p);
      if (m !== null) params = m.slice(1).map((s) => safeDecode(s ?? ""));
    }
    if (params === undefined) continue;
    if (r.method === method || (method === "HEAD" && r.method === "GET")) {
      return { kind: "found", route: r, params };
    }
    if (!allow.includes(r.method)) allow.push(r.method);
  }
  return allow.length > 0 ? { kind: "method", allow } : { kind: "none" };
}

/**
 * The format a request's errors (and SDK-specific listings) take when its route does not fix
 * one: Gemini paths get Google's envelope, `/v1/messages` Anthropic's, Chat Completions and
 * the other OpenAI paths OpenAI's. Shared paths (`/v1/models`, an unknown path) go by the SDK
 * that sent them: Anthropic's always sends `anthropic-version`, Google's `x-goog-api-client`.
 */
export function impliedFormat(path: string, headers: IncomingHttpHeaders): FormatId {
  if (
    /^\/v1(beta|alpha)\//.test(path) ||
    /:(generateContent|streamGenerateContent|countTokens)$/.test(path)
  ) {
    return "gemini";
  }
  if (path.startsWith("/v1/messages")) return "anthropic-messages";
  if (path.startsWith("/v1/chat/")) return "openai-chat";
  if (/^\/v1\/(responses|embeddings|images|audio)(\/|$)/.test(path)) return "openai-responses";
  return sdkFormat(headers);
}

/** Which SDK sent a request to a path every SDK uses. */
export function sdkFormat(headers: IncomingHttpHeaders): FormatId {
  if (headers["anthropic-version"] !== undefined) return "anthropic-messages";
  if (headers["x-goog-api-client"] !== undefined) return "gemini";
  return "openai-responses";
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
