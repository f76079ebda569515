import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { SwitchyardError } from "../ir/error.ts";
import type { Interop } from "../ir/interop.ts";
import type { IRInputItem } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";

/** JSON values: what metadata, provider kwargs and saved messages are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The JSON form of a `ChatMessage` (what `toJSON` returns and `fromJSON` reads). */
export interface ChatMessageJSON {
  id: string;
  timestamp: string;
  createdBy: string;
  message: IRInputItem;
  metadata: Record<string, JsonValue>;
  providerKwargs?: Record<string, JsonValue>;
  originalResponse?: IRResponse;
}

export interface ChatMessageInit {
  id?: string;
  /** ISO 8601; now by default. */
  timestamp?: string;
  /** `"<provider>/<model>"` for model output, `"user"` (the default) for what the caller wrote. */
  createdBy?: string;
  metadata?: Record<string, JsonValue>;
  providerKwargs?: Record<string, JsonValue>;
  originalResponse?: IRResponse;
}

/** Deep copy through JSON: drops `undefined` members so a saved and reloaded message is deep-equal. */
function jsonCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * One item of a conversation: a Responses input item (`message`, with any IR `interop` —
 * signatures, cache breakpoints — kept) and who made it, when. Model output comes back as
 * ChatMessages and can be pushed onto the conversation and sent to any provider.
 */
export class ChatMessage {
  readonly id: string;
  readonly timestamp: string;
  readonly createdBy: string;
  readonly message: IRInputItem;
  readonly metadata: Record<string, JsonValue>;
  /** The `provider_kwargs` of the `create` call that produced this message (a record; not re-sent). */
  readonly providerKwargs: Record<string, JsonValue> | undefined;
  /** The whole IR answer this message came from. */
  readonly originalResponse: IRResponse | undefined;

  constructor(message: IRInputItem, init: ChatMessageInit = {}) {
    if (typeof message !== "object" || message === null) {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: "ChatMessage: message must be an input item",
      });
    }
    this.id = init.id ?? randomUUID();
    this.timestamp = init.timestamp ?? new Date().toISOString();
    this.createdBy = init.createdBy ?? "user";
    this.message = jsonCopy(message);
    this.metadata = jsonCopy(init.metadata ?? {});
    this.providerKwargs = init.providerKwargs === undefined ? undefined : jsonCopy(init.providerKwargs);
    this.originalResponse = init.originalResponse === undefined ? undefined : jsonCopy(init.originalResponse);
  }

  /** The item's provider state (DESIGN.md §2): signatures, redaction, cache breakpoints, raw fields. */
  get interop(): Interop | undefined {
    return (this.message as { interop?: Interop }).interop;
  }

  /** The item's role, for messages (`user`, `assistant`, `system`, `developer`). */
  get role(): string | undefined {
    const r = (this.message as { role?: unknown }).role;
    return typeof r === "string" ? r : undefined;
  }

  /** The item's text: message text parts, reasoning summaries, function call output. */
  get text(): string {
    const m = this.message as unknown as Record<string, unknown>;
    if (typeof m.content === "string") return m.content;
    const parts = (
      Array.isArray(m.content) ? m.content : Array.isArray(m.summary) ? m.summary : []
    ) as unknown[];
    if (parts.length === 0 && typeof m.output === "string") return m.output;
    return parts
      .map((p) =>
        typeof p === "object" && p !== null && typeof (p as { text?: unknown }).text === "string"
          ? (p as { text: string }).text
          : "",
      )
      .join("");
  }

  toJSON(): ChatMessageJSON {
    return {
      id: this.id,
      timestamp: this.timestamp,
      createdBy: this.createdBy,
      message: jsonCopy(this.message),
      metadata: jsonCopy(this.metadata),
      ...(this.providerKwargs === undefined ? {} : { providerKwargs: jsonCopy(this.providerKwargs) }),
      ...(this.originalResponse === undefined ? {} : { originalResponse: jsonCopy(this.originalResponse) }),
    };
  }

  /** Rebuilds a message from `toJSON()` output (or its parsed JSON text). */
  static fromJSON(json: ChatMessageJSON | string): ChatMessage {
    const j = (typeof json === "string" ? JSON.parse(json) : json) as Partial<ChatMessageJSON>;
    if (typeof j !== "object" || j === null || typeof j.message !== "object" || typeof j.id !== "string") {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: "ChatMessage.fromJSON: not a saved ChatMessage",
      });
    }
    return new ChatMessage(j.message, {
      id: j.id,
      ...(j.timestamp === undefined ? {} : { timestamp: j.timestamp }),
      ...(j.createdBy === undefined ? {} : { createdBy: j.createdBy }),
      ...(j.metadata === undefined ? {} : { metadata: j.metadata }),
      ...(j.providerKwargs === undefined ? {} : { providerKwargs: j.providerKwargs }),
      ...(j.originalResponse === undefined ? {} : { originalResponse: j.originalResponse }),
    });
  }

  static user(text: string, init?: ChatMessageInit): ChatMessage {
    return new ChatMessage({ type: "message", role: "user", content: text }, init);
  }

  static system(text: string, init?: ChatMessageInit): ChatMessage {
    return new ChatMessage({ type: "message", role: "system", content: text }, init);
  }

  static developer(text: string, init?: ChatMessageInit): ChatMessage {
    return new ChatMessage({ type: "message", role: "developer", content: text }, init);
  }

  /** An assistant turn written by the caller (few-shot examples, edited history). */
  static assistant(text: string, init?: ChatMessageInit): ChatMessage {
    return new ChatMessage({ type: "message", role: "assistant", content: text }, init);
  }

  /** The result of a function call the model made (`call_id` from its `function_call` item). */
  static functionCallOutput(callId: string, output: string, init?: ChatMessageInit): ChatMessage {
    return new ChatMessage({ type: "function_call_output", call_id: callId, output }, init);
  }
}

/** A conversation as JSON text (pretty-printed, stable: the same messages give the same text). */
export function conversationToJSON(messages: readonly ChatMessage[]): string {
  return `${JSON.stringify(messages, null, 2)}\n`;
}

export function conversationFromJSON(text: string): ChatMessage[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: "conversation: expected a JSON array of messages",
    });
  }
  return parsed.map((m) => ChatMessage.fromJSON(m as ChatMessageJSON));
}

export async function saveConversation(path: string, messages: readonly ChatMessage[]): Promise<void> {
  await writeFile(path, conversationToJSON(messages), "utf8");
}

export async function loadConversation(path: string): Promise<ChatMessage[]> {
  return conversationFromJSON(await readFile(path, "utf8"));
}
