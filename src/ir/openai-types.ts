/**
 * The IR *is* the OpenAI Responses API: these are the official `openai` package types,
 * re-exported so library users write the Responses API they already know.
 * @see https://platform.openai.com/docs/api-reference/responses
 */
export type {
  EasyInputMessage,
  FunctionTool,
  Response,
  ResponseCreateParamsBase,
  ResponseFormatTextConfig,
  ResponseFunctionToolCall,
  ResponseFunctionWebSearch,
  ResponseIncludable,
  ResponseInputContent,
  ResponseInputFile,
  ResponseInputImage,
  ResponseInputItem,
  ResponseInputText,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseOutputRefusal,
  ResponseOutputText,
  ResponseReasoningItem,
  ResponseStreamEvent,
  ResponseTextConfig,
  ResponseUsage,
  Tool,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from "openai/resources/responses/responses";
export type { Reasoning, ReasoningEffort } from "openai/resources/shared";
