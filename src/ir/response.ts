import type { Interop } from "./interop.ts";
import type { Response } from "./openai-types.ts";
import type { IROutputItem } from "./request.ts";
import type { StopReason } from "./stop-reason.ts";
import type { Usage } from "./usage.ts";

/**
 * A finished (non-streamed) model answer in the IR: the core of the Responses `Response`
 * object. The request echo fields of a Responses body (`tools`, `temperature`, …) are not
 * part of an answer; the Responses codec fills them from the request, or from
 * `interop.openai.raw` when the answer came from a Responses body.
 */
export interface IRResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created_at?: number;
  status: NonNullable<Response["status"]>;
  output: IROutputItem[];
  stop_reason?: StopReason;
  usage?: Usage;
  error?: Response["error"];
  service_tier?: string | null;
  interop?: Interop;
}
