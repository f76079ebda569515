/**
 * Native wire shapes of the OpenAI Responses API, typed from the official `openai` package.
 * The IR *is* this API, so these are mostly the IR types without Switchyard's `interop`.
 * @see https://platform.openai.com/docs/api-reference/responses
 */
import type { Response, ResponseCreateParamsBase, ResponseError } from "openai/resources/responses/responses";
import type { FormatId } from "../../ir/stop-reason.ts";

export const FORMAT: FormatId = "openai-responses";

/** `POST /v1/responses` body. Unknown fields a caller sent ride along (kept in raw). */
export type ResponsesRequestBody = ResponseCreateParamsBase & Record<string, unknown>;

/**
 * A `Response` object as it travels on the wire. `output_text` is an SDK convenience that
 * is never sent; `access_programs` is typed required by the SDK but absent from real bodies.
 */
export type ResponsesResponseBody = Omit<Response, "output_text" | "access_programs"> &
  Record<string, unknown>;

/** The error envelope every OpenAI endpoint returns. */
export interface ResponsesErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
}

/** The `error` object of a failed `Response` (`response.failed`). */
export type ResponsesFailure = ResponseError;

/** Service tiers OpenAI knows (request and Response); other formats' tiers do not cross. */
export const SERVICE_TIERS: readonly string[] = [
  "auto",
  "default",
  "flex",
  "scale",
  "priority",
  "fast",
  "ultrafast",
];
