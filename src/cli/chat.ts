import type { Gateway } from "../core/gateway-types.ts";
import { prepareGateway, type ServeDeps } from "../server/start.ts";
import { SSEDecoder } from "../transport/sse-decoder.ts";
import { parseFlags, stringFlag, UsageError } from "./args.ts";
import { configOrExit } from "./config-flag.ts";
import type { CliIO } from "./io.ts";

export const CHAT_HELP = `usage: switchyard chat -m MODEL [options] "prompt"

Streams one answer to the terminal through the same core the gateway uses (any model, any
provider). With no provider keys, the built-in simulator answers. The prompt may also come
on standard input.

options:
  -m, --model MODEL        e.g. gpt-4o-mini, claude-sonnet-4-5, gemini-2.5-flash, groq/llama-3.1-8b-instant
  -s, --system TEXT        instructions (a system prompt)
  --config FILE            YAML config (providers, aliases, timeouts)
  --simulator              use the built-in simulator even when provider keys are set
  -h, --help               this text
`;

const FLAGS = {
  model: { type: "string", short: "m" },
  system: { type: "string", short: "s" },
  config: { type: "string" },
  simulator: { type: "boolean" },
} as const;

export interface ChatRequest {
  model: string;
  prompt: string;
  instructions?: string;
}

export async function chat(
  args: readonly string[],
  io: CliIO,
  deps: ServeDeps,
  stdin: () => Promise<string | undefined> = readStdin,
): Promise<number> {
  const p = parseFlags("chat", args, FLAGS, true);
  if (p.help) {
    io.out(CHAT_HELP);
    return 0;
  }
  const model = stringFlag(p.values.model);
  if (model === undefined) throw new UsageError("switchyard chat: name a model with -m MODEL");
  const prompt = p.positionals.length > 0 ? p.positionals.join(" ") : (await stdin())?.trimEnd();
  if (prompt === undefined || prompt.trim() === "") {
    throw new UsageError('switchyard chat: give a prompt, e.g. switchyard chat -m gpt-4o-mini "hello"');
  }
  const env = process.env;
  const config = await configOrExit("chat", stringFlag(p.values.config), env, io);
  if (typeof config === "number") return config;
  const prepared = await prepareGateway(config.gateway, env, deps, p.values.simulator === true);
  const gateway = deps.createGateway(prepared.config);
  const ac = new AbortController();
  const onInt = (): void => ac.abort();
  process.once("SIGINT", onInt);
  try {
    const system = stringFlag(p.values.system);
    return await runChat(
      gateway,
      { model, prompt, ...(system === undefined ? {} : { instructions: system }) },
      io,
      ac.signal,
    );
  } finally {
    process.off("SIGINT", onInt);
    await gateway.close();
    await prepared.simulator?.close();
  }
}

/**
 * One Responses-surface request with `stream: true` through the core; prints the
 * `response.output_text.delta` events as they arrive. Returns the exit status.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export async function runChat(
  gateway: Gateway,
  req: ChatRequest,
  io: CliIO,
  signal?: AbortSignal,
): Promise<number> {
  const body = {
    model: req.model,
    input: req.prompt,
    stream: true,
    ...(req.instructions === undefined ? {} : { instructions: req.instructions }),
  };
  const result = await gateway.handle({
    surface: "openai-responses",
    body,
    stream: true,
    headers: () => undefined,
    ...(signal === undefined ? {} : { signal }),
  });
  if (result.kind === "json") {
    io.err(`error (${result.status}): ${errorMessage(result.body)}\n`);
    return 1;
  }
  const decoder = new SSEDecoder();
  let wrote = false;
  let failed: string | undefined;
  const handle = (data: string): void => {
    if (data === "[DONE]") return;
    let ev: {
      type?: unknown;
      delta?: unknown;
      message?: unknown;
      response?: { error?: { message?: unknown }; incomplete_details?: { reason?: unknown } };
    };
    try {
      ev = JSON.parse(data);
    } catch {
      return;
    }
    switch (ev.type) {
      case "response.output_text.delta":
        if (typeof ev.delta === "string") {
          io.out(ev.delta);
          wrote = true;
        }
        break;
      case "error":
        failed ??= typeof ev.message === "string" ? ev.message : errorMessage(ev);
        break;
      case "response.failed":
        failed ??= String(ev.response?.error?.message ?? "the response failed");
        break;
      case "response.incomplete":
        io.err(`\n(incomplete: ${String(ev.response?.incomplete_details?.reason ?? "unknown reason")})\n`);
        break;
      default:
        break;
    }
  };
  try {
    for await (const chunk of result.chunks) for (const ev of decoder.push(chunk)) handle(ev.data);
    for (const ev of decoder.end()) handle(ev.data);
  } catch (e) {
    if (signal?.aborted === true) failed ??= "interrupted";
    else throw e;
  }
  if (signal?.aborted === true) failed ??= "interrupted";
  if (wrote) io.out("\n");
  if (failed !== undefined) {
    io.err(`error: ${failed}\n`);
    return 1;
  }
  return 0;
}

function errorMessage(body: unknown): string {
  if (typeof body === "object" && body !== null) {
    const b = body as { error?: { message?: unknown } | unknown; message?: unknown };
    const inner = b.error;
    if (
      typeof inner === "object" &&
      inner !== null &&
      typeof (inner as { message?: unknown }).message === "string"
    ) {
      return (inner as { message: string }).message;
    }
    if (typeof b.message === "string") return b.message;
  }
  return JSON.stringify(body);
}

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
