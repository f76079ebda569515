import type { IncomingMessage, ServerResponse } from "node:http";
import { isObject } from "../formats/validate.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { hasKey, type KeyStyle, missingKey } from "./auth.ts";
import {
  geminiEmbeddings,
  imageGeneration,
  modelInfo,
  modelList,
  openaiEmbeddings,
  speech,
  transcription,
} from "./aux.ts";
import { type Controls, faultOf, parseControls } from "./controls.ts";
import { encodedError, FailCounter, faultError } from "./faults.ts";
import { countTokens, type Generation, generate, replay } from "./generate.ts";
import { headerGetter, parseJson, readBody, sendBytes, sendJson, sleep, untilAborted } from "./http-io.ts";
import { type FormPart, formFields, parseMultipart } from "./multipart.ts";
import { ReplayCatalog } from "./replay.ts";
import { type Route, route, routeFormat } from "./routes.ts";
import type { SimulatorOptions } from "./types.ts";

type Getter = (name: string) => string | undefined;

/**
 * The simulator as a request handler: routing, light auth, the controls (latency, faults,
 * `fail` counting), then the endpoint. Holds only the `fail` counters and the replay catalog.
 */
export class Simulator {
  readonly #fails = new FailCounter();
  readonly #replay: ReplayCatalog | undefined;
  readonly #closing = new AbortController();

  constructor(opts: SimulatorOptions = {}) {
    this.#replay = opts.replayDir === undefined ? undefined : new ReplayCatalog(opts.replayDir);
  }

  /** Node's `(req, res)` request listener. Never throws; every failure is an answer. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? undefined : new URLSearchParams(url.slice(q + 1));
    const method = req.method ?? "GET";
    const r = route(method, path);
    const header = headerGetter(req);
    const style = r === undefined ? guessStyle(path) : keyStyle(r, header);
    const format: FormatId =
      r === undefined ? formatOfStyle(style) : style === "anthropic" ? "anthropic-messages" : routeFormat(r);
    if (r === undefined) {
      req.resume();
      this.#error(res, format, notFound(method, path));
      return;
    }
    this.#serve(req, res, r, format, style, header, query).catch((e: unknown) => this.#error(res, format, e));
  };

  /** Ends pacing and hangs (their sockets are the server's to close). */
  close(): void {
    this.#closing.abort();
  }

  async #serve(
    req: IncomingMessage,
    res: ServerResponse,
    r: Route,
    format: FormatId,
    style: KeyStyle,
    header: Getter,
    query: URLSearchParams | undefined,
  ): Promise<void> {
    if (r.kind === "health") {
      req.resume();
      return sendJson(res, 200, {}, { status: "ok" });
    }
    if (!hasKey(style, header, query)) {
      req.resume();
      throw missingKey(style);
    }
    if (r.kind === "models" || r.kind === "model") {
      req.resume();
      const body = r.kind === "models" ? modelList(style) : modelInfo(style, r.id);
      return sendJson(res, 200, {}, body);
    }

    const raw = await readBody(req);
    let body: unknown;
    let parts: FormPart[] = [];
    let model: string | undefined;
    if (r.kind === "transcriptions") {
      parts = parseMultipart(raw, header("content-type"));
      model = formFields(parts).get("model");
    } else {
      body = parseJson(raw);
      if ((r.kind === "generate" || r.kind === "count-tokens") && r.model !== undefined) model = r.model;
      else if (r.kind === "gemini-embed") model = r.model;
      else if (isObject(body) && typeof body.model === "string") model = body.model;
    }
    const { model: clean, controls } = parseControls(model, header);
    if (clean !== model && isObject(body) && typeof body.model === "string") body.model = clean;

    let signal: AbortSignal | undefined;
    const signalOf = (): AbortSignal => {
      if (signal === undefined) {
        const gone = new AbortController();
        res.once("close", () => gone.abort());
        signal = AbortSignal.any([gone.signal, this.#closing.signal]);
      }
      return signal;
    };
    if (controls.latencyMs > 0) {
      await sleep(controls.latencyMs, signalOf());
      if (signalOf().aborted) return;
    }
    const streamed = r.kind === "generate" && (r.stream ?? (isObject(body) && body.stream === true));
    if (await this.#fault(res, format, clean, controls, streamed, signalOf)) return;

    switch (r.kind) {
      case "generate": {
        const g: Generation = {
          res,
          format,
          body,
          model: r.format === "gemini" ? clean : undefined,
          framing: query?.get("alt") === "sse" ? "sse" : "json-array",
          controls,
          signal: signalOf,
        };
        if (r.stream !== undefined) g.stream = r.stream;
        return this.#replay === undefined ? generate(g) : replay(g, this.#replay);
      }
      case "count-tokens":
        return countTokens(res, r.format, body, clean);
      case "embeddings":
        return sendJson(res, 200, {}, openaiEmbeddings(body, clean ?? "text-embedding-3-small"));
      case "gemini-embed":
        return sendJson(res, 200, {}, geminiEmbeddings(body, r.batch));
      case "images":
        return sendJson(res, 200, {}, imageGeneration(body, Math.floor(Date.now() / 1000)));
      case "speech": {
        const audio = speech(body);
        return sendBytes(res, 200, { "content-type": audio.contentType }, audio.bytes);
      }
      case "transcriptions": {
        const t = transcription(parts);
        return sendBytes(res, 200, { "content-type": t.contentType }, t.body);
      }
      default:
        return r satisfies never;
    }
  }

  /**
   * Applies the request's fault, unless `fail` counting says this one goes through (its fault
   * controls are then cleared). True when the fault has answered (or will never answer).
   */
  async #fault(
    res: ServerResponse,
    format: FormatId,
    model: string | undefined,
    c: Controls,
    streamed: boolean,
    signal: () => AbortSignal,
  ): Promise<boolean> {
    const fault = faultOf(c);
    if (fault === undefined) return false;
    if (!this.#fails.shouldFail(`${model ?? ""}|${fault}`, c.failTimes)) {
      c.hang = false;
      delete c.error;
      delete c.disconnectAfter;
      return false;
    }
    if (c.hang) {
      await untilAborted(signal());
      return true;
    }
    if (c.error !== undefined) {
      const e = faultError(format, c.error, c.retryAfter);
      sendJson(res, e.status, e.headers, e.body);
      return true;
    }
    if (!streamed) {
      res.socket?.destroy();
      return true;
    }
    return false; // a streamed disconnect happens mid-answer (stream-writer.ts)
  }

  #error(res: ServerResponse, format: FormatId, e: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const err =
      e instanceof SwitchyardError
        ? e
        : new SwitchyardError({
            kind: "server",
            message: `simulator error: ${(e as Error)?.message ?? String(e)}`,
          });
    const enc = encodedError(format, err);
    sendJson(res, enc.status, enc.headers, enc.body);
  }
}

function keyStyle(r: Route, header: Getter): KeyStyle {
  switch (r.kind) {
    case "generate":
    case "count-tokens":
      return r.format === "anthropic-messages" ? "anthropic" : r.format === "gemini" ? "gemini" : "openai";
    case "gemini-embed":
      return "gemini";
    case "models":
    case "model":
      if (r.family === "gemini") return "gemini";
      // The Anthropic SDK lists models at the same path as OpenAI; its headers tell them apart.
      return header("anthropic-version") !== undefined ? "anthropic" : "openai";
    default:
      return "openai";
  }
}

function guessStyle(path: string): KeyStyle {
  if (/^\/v1(beta|alpha)?\/models\/[^/]*:/.test(path) || path.startsWith("/v1beta")) return "gemini";
  return path.startsWith("/v1/messages") ? "anthropic" : "openai";
}

function formatOfStyle(style: KeyStyle): FormatId {
  return style === "anthropic" ? "anthropic-messages" : style === "gemini" ? "gemini" : "openai-responses";
}

function notFound(method: string, path: string): SwitchyardError {
  return new SwitchyardError({ kind: "not_found", message: `Invalid URL (${method} ${path})` });
}
