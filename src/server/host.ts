import { isIP } from "node:net";

/**
 * Whether binding `host` exposes the server only to this machine. `localhost` counts; a
 * wildcard (`0.0.0.0`, `::`) or any other address does not — those are reachable from the
 * network, so they need a gateway key (see start.ts).
 */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/** `host` as it goes in a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
