/**
 * Native shapes of the Gemini REST API (`generativelanguage.googleapis.com/v1beta`).
 *
 * The official SDK's `Content`, `Part`, `FunctionCall`, `FunctionDeclaration`, `GroundingMetadata`
 * and `ModalityTokenCount` types match the REST wire (both are lowerCamelCase), so they are
 * used as they are. The SDK's `GenerateContentParameters` is *not* the REST body (the SDK
 * folds `systemInstruction`, `tools`, … into `config`), and its enums (`FinishReason`,
 * `FunctionCallingConfigMode`, `Type`, …) do not accept plain wire strings, so the request
 * body, candidate, tool config and schema are declared here with string fields.
 *
 * @see https://ai.google.dev/api/generate-content
 */
import type {
  Content,
  FunctionCall,
  FunctionDeclaration,
  GenerationConfig,
  GroundingMetadata,
  ModalityTokenCount,
  Part,
} from "@google/genai";

export type { Content, FunctionCall, GroundingMetadata, ModalityTokenCount, Part };

/** An OpenAPI-subset `Schema` (types upper-case on the wire, e.g. `"OBJECT"`). */
export type GeminiSchema = Record<string, unknown>;

export interface GeminiFunctionDeclaration
  extends Omit<FunctionDeclaration, "parameters" | "response" | "behavior" | "description"> {
  name: string;
  /** `null` is what some clients send for "no description" (kept as such). */
  description?: string | null;
  parameters?: GeminiSchema;
  response?: GeminiSchema;
  behavior?: string;
  [extra: string]: unknown;
}

/** One `Tool`: function declarations and/or one built-in tool (`googleSearch`, `codeExecution`, …). */
export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  googleSearch?: Record<string, unknown>;
  [builtIn: string]: unknown;
}

export type GeminiCallingMode = "MODE_UNSPECIFIED" | "AUTO" | "ANY" | "NONE" | "VALIDATED";

export interface GeminiToolConfig {
  functionCallingConfig?: {
    mode?: GeminiCallingMode;
    allowedFunctionNames?: string[];
    [extra: string]: unknown;
  };
  [extra: string]: unknown;
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  /** `minimal` | `low` | `medium` | `high` (the REST docs write them lower-case). */
  thinkingLevel?: string;
}

export type GeminiGenerationConfig = Pick<
  GenerationConfig,
  | "temperature"
  | "topP"
  | "topK"
  | "candidateCount"
  | "maxOutputTokens"
  | "stopSequences"
  | "seed"
  | "presencePenalty"
  | "frequencyPenalty"
  | "responseMimeType"
  | "responseJsonSchema"
> & {
  responseSchema?: GeminiSchema;
  thinkingConfig?: GeminiThinkingConfig;
  [extra: string]: unknown;
};

/** The body of `POST /v1beta/models/{model}:generateContent` (model and streaming are in the URL). */
export interface GeminiRequestBody {
  contents: Content[];
  systemInstruction?: Content;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: unknown[];
  cachedContent?: string;
  labels?: Record<string, string>;
  [extra: string]: unknown;
}

export interface GeminiCandidate {
  content?: Content;
  finishReason?: string;
  index?: number;
  safetyRatings?: unknown[];
  groundingMetadata?: GroundingMetadata;
  [extra: string]: unknown;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
  promptTokensDetails?: ModalityTokenCount[];
  cacheTokensDetails?: ModalityTokenCount[];
  candidatesTokensDetails?: ModalityTokenCount[];
  toolUsePromptTokensDetails?: ModalityTokenCount[];
  serviceTier?: string;
  [extra: string]: unknown;
}

/** `GenerateContentResponse` as JSON (the SDK's class adds getters the wire does not have). */
export interface GeminiResponseBody {
  candidates?: GeminiCandidate[];
  promptFeedback?: Record<string, unknown>;
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  createTime?: string;
  [extra: string]: unknown;
}

/** `google.rpc.Status` in Google's `error` wrapper. */
export interface GeminiErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: unknown[];
    [extra: string]: unknown;
  };
}
