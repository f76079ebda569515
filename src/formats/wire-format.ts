import type { Dropped, Translated } from "../ir/dropped.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";

/** What a request body alone does not say (Gemini puts the model and streaming in the URL). */
export interface RequestContext {
  model?: string;
  stream?: boolean;
}

/** What encoding an answer may need from the request it answers (Responses echoes it). */
export interface ResponseContext {
  request?: IRRequest;
}

/** A native error ready to send: status, body and headers (`retry-after`, …). */
export interface EncodedError<Body = unknown> {
  status: number;
  body: Body;
  headers: Record<string, string>;
}

/**
 * One wire format, used in both directions: `decode*` reads the wire into the IR, `encode*`
 * writes the IR to the wire. The same codec serves a format as the client's surface and as
 * the upstream provider's API, so N formats need 2N translators, never N².
 *
 * Decoders throw a `SwitchyardError` (kind `invalid_request`, `param` = field path) on
 * malformed input. Encoders never throw on a valid IR value: what cannot cross is returned
 * in `dropped`.
 */
export interface WireFormat<Req = unknown, Res = unknown, ErrBody = unknown> {
  readonly id: FormatId;
  decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest>;
  encodeRequest(req: IRRequest): Translated<Req>;
  decodeResponse(body: unknown): Translated<IRResponse>;
  encodeResponse(res: IRResponse, ctx?: ResponseContext): Translated<Res>;
  /** A provider's error body (any shape, even non-JSON text) into the typed error. */
  decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError;
  encodeError(err: SwitchyardError): EncodedError<ErrBody>;
}

export type HeaderGetter = (name: string) => string | null | undefined;

export type { Dropped, Translated };
