/**
 * Native Anthropic Messages wire shapes, taken from the official `@anthropic-ai/sdk` so that
 * `tsc` checks what this codec sends and returns against what the SDK declares.
 * @see https://docs.anthropic.com/en/api/messages
 */
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParams,
  ServerToolUseBlock,
  TextBlock,
  ToolUseBlock,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";

export type {
  Base64ImageSource,
  CacheControlEphemeral,
  ContentBlock,
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  Message,
  MessageCreateParams,
  MessageCreateParamsNonStreaming,
  MessageParam,
  TextBlockParam,
  ThinkingConfigParam,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
  ToolUnion,
} from "@anthropic-ai/sdk/resources/messages";

export const FORMAT = "anthropic-messages";
export const KEY = "anthropic";

/**
 * Sampling knobs the API still accepts on models before Opus 4.7 (recordings send them), but
 * that SDK 1.12 removed from its types because newer models reject them.
 * @see https://docs.anthropic.com/en/api/messages#body-temperature
 */
export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

/** A request body as this codec encodes it: the SDK params plus the legacy sampling knobs. */
export type AnthropicRequest = MessageCreateParams & SamplingParams;

/** `T` with the keys `K` made optional. */
type Loose<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/**
 * The SDK declares some response fields as required-but-nullable that the live API simply
 * omits (the recordings show text blocks without `citations`, `tool_use` without `caller`,
 * messages without `container`/`stop_details`/`diagnostics`, usage without `speed`…). This
 * codec mirrors the live API, so those keys are optional here; everything else is the SDK's.
 */
export type AnthropicContentBlock =
  | Loose<TextBlock, "citations">
  | Loose<ToolUseBlock, "caller">
  | Loose<ServerToolUseBlock, "caller">
  | ContentBlock;

export type AnthropicUsage = Pick<Usage, "input_tokens" | "output_tokens"> &
  Partial<Omit<Usage, "input_tokens" | "output_tokens">>;

export type AnthropicMessage = Omit<
  Message,
  "content" | "usage" | "container" | "diagnostics" | "stop_details"
> &
  Partial<Pick<Message, "container" | "diagnostics" | "stop_details">> & {
    content: AnthropicContentBlock[];
    usage: AnthropicUsage;
  };

/** A request content block; unknown native blocks travel as they came. */
export type AnthropicBlockParam = ContentBlockParam;

/** Error envelope (`ErrorResponse` in the SDK's shared types). */
export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
  request_id?: string;
}
