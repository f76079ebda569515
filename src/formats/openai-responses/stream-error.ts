/**
 * Errors inside a Responses stream: the `error` event in both directions, and the failures
 * Switchyard itself has to report on a stream (an answer cut short, an unreadable event).
 *
 * The `error` event has two shapes in the wild. The spec's `ResponseErrorEvent` puts
 * `code`, `message` and `param` at the top level; what OpenAI actually sends nests them,
 * with the error `type`, under `error` (recorded: vercel `openai-error.1.chunks.txt`). Both
 * are read (error.ts reads either); both are written, so spec-typed readers and the official
 * SDK — whose stream reads `data.error ?? data` — see the same error.
 *
 * @see ../../../../shared/wire/specs/openai/README.md (discrepancy note on the error event)
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 * @see https://github.com/openai/openai-node/blob/master/src/core/streaming.ts
 */
import type { ResponseError } from "openai/resources/responses/responses";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { decodeError, encodeError, encodeFailure } from "./error.ts";
import { FORMAT } from "./types.ts";

/** The IR `error` event: the spec's flat `ResponseErrorEvent`. */
export type IRErrorEvent = Extract<IRStreamEvent, { type: "error" }>;

/** The error event as written on the wire: the spec's fields plus OpenAI's nested copy. */
export interface WireErrorEvent {
  type: "error";
  sequence_number: number;
  code: string | null;
  message: string;
  param: string | null;
  error: { type: string; code: string | null; message: string; param: string | null };
}

/** A native (either shape) or IR `error` event → `SwitchyardError`. */
export function errorOfEvent(event: object): SwitchyardError {
  return decodeError(0, event);
}

/** `SwitchyardError` → the IR `error` event (flat, as the spec types it). */
export function irErrorEvent(err: SwitchyardError, sequence: number): IRErrorEvent {
  return {
    type: "error",
    code: err.code ?? null,
    message: err.message,
    param: err.param ?? null,
    sequence_number: sequence,
  };
}

/** `SwitchyardError` → the wire `error` event; type and code chosen by error.ts. */
export function wireErrorEvent(err: SwitchyardError, sequence: number): WireErrorEvent {
  const { error } = encodeError(err).body;
  return {
    type: "error",
    sequence_number: sequence,
    code: error.code,
    message: error.message,
    param: error.param,
    error,
  };
}

/** The `{code, message}` a failed Response carries for `err`. */
export function failureOf(err: SwitchyardError): ResponseError {
  return encodeFailure(err);
}

/** The byte stream ended before `response.completed` / `.incomplete` / `.failed`. */
export function truncatedError(): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    code: "server_error",
    message: `the ${FORMAT} stream ended before the response was complete (truncated answer)`,
    source: FORMAT,
  });
}

/** An event whose data is not the JSON object the format promises. */
export function malformedEventError(detail: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    code: "server_error",
    message: `malformed ${FORMAT} stream event: ${detail}`,
    source: FORMAT,
    ...(cause === undefined ? {} : { cause }),
  });
}
