/** What is measured: the scenarios, the connection counts and the targets. */

/** `workers`: Switchyard as a node:cluster primary with N workers (`--workers N`). */
export type TargetId = "direct" | "switchyard" | "workers" | "peer";

/** How a target is named in the tables and the chart. */
export function targetLabel(t: TargetId, workers: number | undefined): string {
  return t === "workers" ? `switchyard ×${workers ?? "N"}` : t;
}

export interface Scenario {
  id: string;
  title: string;
  path: string;
  body: object;
  headers: Record<string, string>;
  stream: boolean;
  /** Headers that route the same request through Portkey (undefined: the peer has no such route). */
  peerHeaders?: (simUrl: string) => Record<string, string>;
}

const portkeyOpenAI = (sim: string): Record<string, string> => ({
  "x-portkey-provider": "openai",
  "x-portkey-custom-host": `${sim}/v1`,
});
const portkeyAnthropic = (sim: string): Record<string, string> => ({
  "x-portkey-provider": "anthropic",
  "x-portkey-custom-host": `${sim}/v1`,
});

const USER = [{ role: "user", content: "Say hello to the benchmark." }];
export const SCENARIOS: Scenario[] = [
  {
    id: "chat",
    title: "Chat Completions passthrough (gpt-4o-mini → OpenAI upstream)",
    path: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: USER },
    headers: { authorization: "Bearer x" },
    stream: false,
    peerHeaders: portkeyOpenAI,
  },
  {
    id: "messages→openai",
    title: "Anthropic Messages surface → OpenAI-format upstream (gpt-4o-mini)",
    path: "/v1/messages",
    body: { model: "gpt-4o-mini", max_tokens: 256, messages: USER },
    headers: { "x-api-key": "x", "anthropic-version": "2023-06-01" },
    stream: false,
    // Portkey's /v1/messages with provider openai: probed; n/a when it does not answer 2xx
    peerHeaders: portkeyOpenAI,
  },
  {
    id: "responses→anthropic",
    title: "Responses surface → Anthropic-format upstream (claude-haiku-4-5)",
    path: "/v1/responses",
    body: { model: "claude-haiku-4-5", input: "Say hello to the benchmark.", max_output_tokens: 256 },
    headers: { authorization: "Bearer x" },
    stream: false,
    peerHeaders: portkeyAnthropic,
  },
  {
    id: "chat-stream",
    title: "Chat Completions streaming passthrough (stream: true)",
    path: "/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: USER, stream: true, stream_options: { include_usage: true } },
    headers: { authorization: "Bearer x" },
    stream: true,
    peerHeaders: portkeyOpenAI,
  },
];
export const CONNECTIONS = [1, 32];

/** The headers a target gets for a scenario; undefined when the target has no such route. */
export function headersFor(t: TargetId, s: Scenario, simUrl: string): Record<string, string> | undefined {
  if (t !== "peer") return s.headers;
  return s.peerHeaders ? { ...s.headers, ...s.peerHeaders(simUrl) } : undefined;
}

/** A 2xx body that is still an error envelope (Portkey answers some failures this way). */
export function failed(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return (o.error !== undefined && o.error !== null) || o.status === "failure" || o.type === "error";
  } catch {
    return true;
  }
}
