import type { ErrorKind } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Usage } from "../ir/usage.ts";
import type { AuxEndpoint } from "./gateway-types.ts";

/**
 * What the core reports about each request once it is over (a stream: when its last chunk
 * has been produced, or the client went away). For metrics and the usage ledger; called off
 * the hot path of the answer itself.
 */
export interface RequestRecord {
  requestId: string;
  /** The surface, or the auxiliary endpoint. */
  surface: FormatId | AuxEndpoint;
  /** The model name the client asked for. */
  requestedModel?: string;
  provider?: string;
  /** The provider's model id the request was sent under. */
  model?: string;
  /** The status the client got (for a stream that failed midway, still its 200). */
  status: number;
  stream: boolean;
  passthrough: boolean;
  usage?: Usage;
  /** From the start of `handle` to the end of the answer. */
  durationMs: number;
  /** Until the first chunk of a streamed answer was ready. */
  timeToFirstChunkMs?: number;
  /** Set when the request (or its stream, midway) failed. */
  error?: { kind: ErrorKind; message: string };
}

export interface GatewayHooks {
  /** Called once per request, after the answer ends. Must not throw (errors are swallowed). */
  onRecord?: (rec: RequestRecord) => void;
}

export function emit(hooks: GatewayHooks, rec: RequestRecord): void {
  if (hooks.onRecord === undefined) return;
  try {
    hooks.onRecord(rec);
  } catch {
    // a metrics sink must never break an answer
  }
}
