import type { SwitchyardError } from "../ir/error.ts";
import type { GatewayResult } from "./gateway-types.ts";

/**
 * One attempt failed in a way the attempt loop decides about (retry, fail over, or give up):
 * an upstream error status, or a stream that failed before its first content byte reached
 * the client. `result` is what the client gets when this is the only attempt (passthrough
 * relays the upstream's error body as it is).
 */
export class AttemptRefused extends Error {
  override readonly name = "AttemptRefused";
  readonly error: SwitchyardError;
  readonly result: GatewayResult | undefined;

  constructor(error: SwitchyardError, result?: GatewayResult) {
    super(error.message);
    this.error = error;
    this.result = result;
  }
}

/** Stream events that open an answer without content: held back while failover is possible. */
const PREAMBLE = new Set([
  "response.created",
  "response.in_progress",
  "response.queued",
  "response.output_item.added",
  "response.content_part.added",
]);

export function isContentEvent(type: string): boolean {
  return !PREAMBLE.has(type) && type !== "error";
}
