import { SwitchyardError } from "../ir/error.ts";
import { PROVIDERS } from "../providers/index.ts";

/** A provider given as data: its type (a known provider id) and optional credentials. */
export interface ProviderClientConfig {
  /** `openai`, `anthropic`, `gemini`, or any other known provider id (`groq`, `mistral`, …). */
  type: string;
  apiKey?: string;
  /** As the provider's SDK takes it: OpenAI-style bases end in `/v1`, Anthropic's and Gemini's carry no version. */
  baseURL?: string;
  headers?: Record<string, string>;
}

/**
 * What `Router.register` accepts: an official SDK client (`openai`'s `OpenAI`,
 * `@anthropic-ai/sdk`'s `Anthropic`, `@google/genai`'s `GoogleGenAI`) or a provider config.
 * Typed structurally so the SDKs stay optional at the type level.
 */
export type RegistrableClient = ProviderClientConfig | object;

type Bag = Record<string, unknown>;

function bag(v: unknown): Bag | undefined {
  return typeof v === "object" && v !== null ? (v as Bag) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Header values the SDKs may hold: strings; `null` / `undefined` mean "unset". */
function headerRecord(v: unknown, skip: readonly string[] = []): Record<string, string> | undefined {
  const b = bag(v);
  if (b === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(b)) {
    if (skip.includes(k.toLowerCase())) continue;
    if (typeof x === "string") out[k] = x;
    else if (typeof x === "number" || typeof x === "boolean") out[k] = String(x);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Headers `@google/genai` sets itself (they describe the SDK, not the caller's wishes). */
const GENAI_OWN_HEADERS = ["user-agent", "x-goog-api-client", "content-type"];

function clean(c: ProviderClientConfig): ProviderClientConfig {
  return {
    type: c.type,
    ...(c.apiKey === undefined ? {} : { apiKey: c.apiKey }),
    ...(c.baseURL === undefined ? {} : { baseURL: c.baseURL.replace(/\/+$/, "") }),
    ...(c.headers === undefined ? {} : { headers: c.headers }),
  };
}

/**
 * Reads an SDK client's key, base URL and default headers (inspected at runtime — the SDKs
 * keep them as `apiKey`, `baseURL`, `_options.defaultHeaders`; `GoogleGenAI` as `apiKey`
 * and `httpOptions.{baseUrl,headers}`), or validates a provider config. Throws a
 * `SwitchyardError` (`invalid_request`) for anything else.
 */
export function providerConfigOf(client: RegistrableClient): ProviderClientConfig {
  const b = bag(client);
  if (b === undefined) throw notAClient("not an object");
  if (typeof b.type === "string") {
    if (!PROVIDERS.some((p) => p.id === b.type)) {
      throw notAClient(
        `unknown provider type ${JSON.stringify(b.type)}; one of ${PROVIDERS.map((p) => p.id).join(", ")}`,
      );
    }
    const headers = headerRecord(b.headers);
    return clean({
      type: b.type,
      ...(str(b.apiKey) === undefined ? {} : { apiKey: str(b.apiKey)! }),
      ...(str(b.baseURL) === undefined ? {} : { baseURL: str(b.baseURL)! }),
      ...(headers === undefined ? {} : { headers }),
    });
  }
  // GoogleGenAI: `models` + `apiClient` + `httpOptions`; Vertex AI is a different API
  if (bag(b.apiClient) !== undefined && bag(b.models) !== undefined) {
    if (b.vertexai === true)
      throw notAClient("GoogleGenAI with vertexai: true is not supported; use the Gemini API");
    const http = bag(b.httpOptions);
    const headers = headerRecord(http?.headers, GENAI_OWN_HEADERS);
    const baseURL = str(http?.baseUrl);
    return clean({
      type: "gemini",
      ...(str(b.apiKey) === undefined ? {} : { apiKey: str(b.apiKey)! }),
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(headers === undefined ? {} : { headers }),
    });
  }
  const baseURL = str(b.baseURL);
  if (baseURL !== undefined && bag(b.messages) !== undefined) return sdk("anthropic", b, baseURL);
  if (baseURL !== undefined && bag(b.chat) !== undefined && bag(b.responses) !== undefined) {
    return sdk("openai", b, baseURL);
  }
  throw notAClient(
    "expected an OpenAI, Anthropic or GoogleGenAI client, or { type, apiKey?, baseURL?, headers? }",
  );
}

function sdk(type: "openai" | "anthropic", b: Bag, baseURL: string): ProviderClientConfig {
  const options = bag(b._options);
  const headers: Record<string, string> = { ...headerRecord(options?.defaultHeaders) };
  if (type === "openai") {
    const org = str(b.organization);
    const project = str(b.project);
    if (org !== undefined) headers["OpenAI-Organization"] = org;
    if (project !== undefined) headers["OpenAI-Project"] = project;
  }
  const apiKey = str(b.apiKey);
  return clean({
    type,
    baseURL,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
  });
}

function notAClient(why: string): SwitchyardError {
  return new SwitchyardError({ kind: "invalid_request", message: `register: ${why}`, param: "client" });
}
