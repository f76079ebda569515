import type { Dropped } from "../../ir/dropped.ts";
import { invalidRequest } from "../../ir/error.ts";
import type { Interop, WithInterop } from "../../ir/interop.ts";
import { isOpaque, opaqueNative } from "../../ir/opaque.ts";
import type { ResponseInputItem } from "../../ir/openai-types.ts";
import type { IRInputItem, IROutputItem } from "../../ir/request.ts";
import {
  at,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
} from "../validate.ts";
import { decodeInputPart, encodeInputPart, type IRInputPart } from "./content.ts";
import { reportForeignInterop } from "./foreign-interop.ts";
import {
  decodeFunctionResponse,
  deriveCallId,
  encodeFunctionResponse,
  isDerivedCallId,
} from "./function-calls.ts";
import { decodeModelParts, encodeModelItem, type ModelSideItem } from "./model-turn.ts";
import { field, keyOf, knownFields, residual } from "./proto-json.ts";
import { needsThoughtSignatures, SKIP_SIGNATURE } from "./reasoning.ts";
import type { Content, Part } from "./types.ts";

/**
 * `contents` (and `systemInstruction`) and IR input items, both ways.
 *
 * Contents group parts into turns; IR items do not. The encoder regroups with one rule:
 * model-side items (assistant text, reasoning, calls) share the open `model` content; tool
 * results share an open `user` content begun by a tool result; a user message always begins a
 * new `user` content. Where a request grouped its parts otherwise, the decoder notes it on the
 * item (`interop.gemini.raw.turn.join` / `.split`), so a Gemini round trip is exact.
 * @see https://ai.google.dev/api/caching#Content
 */

type Kind = "model" | "result" | "user";
interface Open {
  role: "model" | "user";
  openedBy: Kind;
}

function mergesInto(open: Open | undefined, kind: Kind): boolean {
  if (open === undefined) return false;
  if (kind === "model") return open.role === "model";
  if (kind === "result") return open.role === "user" && open.openedBy === "result";
  return false;
}

interface Turn {
  join?: true;
  split?: true;
  /** Fields of the native `Content` besides `role` and `parts`. */
  content?: JsonObject;
  /** An opaque part that sat in a user turn. */
  role?: "user";
  /** The native content had no `role` (allowed for single-turn requests; read as user). */
  bare?: true;
}

function turnOf(item: object): Turn | undefined {
  const t = (item as WithInterop<object>).interop?.gemini?.raw?.turn;
  return isObject(t) ? (t as Turn) : undefined;
}

function addRaw(item: WithInterop<object>, raw: JsonObject): void {
  const io: Interop = item.interop ?? {};
  item.interop = { ...io, gemini: { ...io.gemini, raw: { ...io.gemini?.raw, ...raw } } };
}

const CONTENT_FIELDS = knownFields("role", "parts");
const RESULT_PART_FIELDS = knownFields("functionResponse");
const RESULT_FIELDS = knownFields("name", "id", "response", "parts");

/** A model-turn item as an input item: no ids or statuses (they would name items that do not exist). */
function asInputItem(item: IROutputItem): IRInputItem {
  const { id, status: _status, ...rest } = item as IROutputItem & { status?: string };
  return (id === "" || id === undefined ? rest : { ...rest, id }) as unknown as IRInputItem;
}

/**
 * `contents` into IR input items. Calls without an id get a derived one, and results without
 * an id answer the earliest unanswered call of the same name, as Gemini pairs them.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function decodeContents(value: unknown, path: string): IRInputItem[] {
  const contents = expectArray(value, path);
  const out: IRInputItem[] = [];
  const calls: Array<{ name: string; callId: string; answered: boolean }> = [];
  let ordinal = 0;
  let open: Open | undefined;
  contents.forEach((c, ci) => {
    const cp = at(path, ci);
    const content = expectObject(c, cp);
    const roleValue = content.role;
    const role =
      roleValue === undefined || roleValue === null
        ? "user"
        : expectOneOf(roleValue, ["user", "model"], at(cp, "role"));
    const partsValue = content.parts;
    const parts =
      partsValue === undefined || partsValue === null ? [] : expectArray(partsValue, at(cp, "parts"));
    const produced: Array<{ item: IRInputItem; kind: Kind }> = [];
    if (role === "model") {
      const turn = decodeModelParts(
        parts,
        at(cp, "parts"),
        { callId: (name) => deriveCallId(name, ordinal++) },
        true,
      );
      for (const item of turn.items) {
        if (item.type === "function_call")
          calls.push({ name: item.name, callId: item.call_id, answered: false });
        produced.push({ item: asInputItem(item), kind: "model" });
      }
      if (produced.length === 0) {
        const empty = { type: "message", role: "assistant", content: [] };
        produced.push({ item: empty as unknown as IRInputItem, kind: "model" });
      }
    } else {
      decodeUserParts(parts, at(cp, "parts"), calls, () => ordinal++, produced);
      if (produced.length === 0)
        produced.push({ item: { type: "message", role: "user", content: [] }, kind: "user" });
    }
    produced.forEach(({ item, kind }, k) => {
      const merges = mergesInto(open, kind);
      const turn: Turn = {};
      if (k === 0 && merges) turn.split = true;
      if (k > 0 && !merges) turn.join = true;
      const extra = k === 0 ? residual(content, CONTENT_FIELDS) : undefined;
      if (extra !== undefined) turn.content = extra;
      if (k === 0 && (roleValue === undefined || roleValue === null)) turn.bare = true;
      if (Object.keys(turn).length > 0) addRaw(item, { turn: { ...turnOf(item), ...turn } });
      // The encoder re-reads the open content only when it starts one: so do we.
      if (k === 0) open = { role, openedBy: kind };
      out.push(item);
    });
  });
  return out;
}

function decodeUserParts(
  parts: unknown[],
  path: string,
  calls: Array<{ name: string; callId: string; answered: boolean }>,
  nextOrdinal: () => number,
  produced: Array<{ item: IRInputItem; kind: Kind }>,
): void {
  let msg: { type: "message"; role: "user"; content: IRInputPart[] } | undefined;
  parts.forEach((value, i) => {
    const pp = at(path, i);
    const part = expectObject(value, pp);
    const frValue = field(part, "functionResponse");
    if (frValue !== undefined && frValue !== null) {
      msg = undefined;
      const fp = at(pp, keyOf(part, "functionResponse"));
      const fr = expectObject(frValue, fp);
      const name = expectString(fr.name, at(fp, "name"));
      const id = typeof fr.id === "string" && fr.id !== "" ? fr.id : undefined;
      const pending = id === undefined ? calls.find((c) => c.name === name && !c.answered) : undefined;
      const callId = id ?? pending?.callId ?? deriveCallId(name, nextOrdinal());
      const call = calls.find((c) => c.callId === callId);
      if (call !== undefined) call.answered = true;
      const decoded = decodeFunctionResponse(fr, fp);
      const item: WithInterop<ResponseInputItem.FunctionCallOutput> = {
        type: "function_call_output",
        call_id: callId,
        output: decoded.output,
      };
      if (decoded.isError) item.interop = { is_error: true };
      const frRest: JsonObject = { ...residual(fr, RESULT_FIELDS) };
      // The name travels with the call; keep it here only when the call cannot give it back.
      if (call?.name !== name) frRest.name = name;
      if (decoded.rawParts !== undefined) frRest.parts = decoded.rawParts;
      const raw: JsonObject = { ...residual(part, RESULT_PART_FIELDS) };
      if (Object.keys(frRest).length > 0) raw.functionResponse = frRest;
      if (Object.keys(raw).length > 0) addRaw(item, raw);
      produced.push({ item, kind: "result" });
      return;
    }
    const p = decodeInputPart(part, pp);
    if (p === undefined) {
      msg = undefined;
      const opaque = { type: "message", role: "assistant", content: [] } as unknown as IRInputItem;
      addRaw(opaque, { item: part, turn: { role: "user" } });
      produced.push({ item: opaque, kind: "user" });
      return;
    }
    if (msg === undefined) {
      msg = { type: "message", role: "user", content: [] };
      produced.push({ item: msg, kind: "user" });
    }
    msg.content.push(p);
  });
}

/**
 * `systemInstruction` into a leading IR system message, its parts kept as parts (its `role`,
 * which some clients set, in `interop.gemini.raw`). Gemini takes text only here.
 * @see https://ai.google.dev/gemini-api/docs/text-generation#system-instructions
 */
export function decodeSystemInstruction(value: unknown, path: string): IRInputItem {
  const si = expectObject(value, path);
  const partsValue = si.parts;
  const parts =
    partsValue === undefined || partsValue === null ? [] : expectArray(partsValue, at(path, "parts"));
  const content = parts.map((p, i) => {
    const pp = at(at(path, "parts"), i);
    const part = decodeInputPart(expectObject(p, pp), pp);
    if (part === undefined) throw invalidRequest(pp, "a text part");
    return part;
  });
  const item: WithInterop<ResponseInputItem.Message> = { type: "message", role: "system", content };
  const raw = residual(si, knownFields("parts"));
  if (raw !== undefined) item.interop = { gemini: { raw } };
  return item;
}

export interface EncodedHistory {
  contents: Content[];
  systemInstruction?: Content;
}

/**
 * IR instructions and input items into `systemInstruction` and `contents`. System and developer
 * messages (wherever they stand) join the system instruction after `instructions`. For Gemini 3
 * models, a model turn whose first call has no signature (history from elsewhere) gets the
 * documented dummy signature.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
export function encodeContents(
  instructions: string | null | undefined,
  items: readonly IRInputItem[],
  model: string | undefined,
  dropped: Dropped[],
): EncodedHistory {
  const system: Part[] = [];
  let systemRaw: JsonObject | undefined;
  if (typeof instructions === "string" && instructions !== "") system.push({ text: instructions });
  const names = new Map<string, string>();
  for (const item of items) if (item.type === "function_call") names.set(item.call_id, item.name);
  const contents: Content[] = [];
  let open: Open | undefined;
  let current: Content | undefined;
  items.forEach((item, i) => {
    const path = `input[${i}]`;
    const it = item as ModelSideItem;
    const type = it.type ?? "message";
    if (type === "message" && (it.role === "system" || it.role === "developer")) {
      const raw = it.interop?.gemini?.raw;
      if (systemRaw === undefined && raw !== undefined) systemRaw = raw;
      reportForeignInterop(item, path, dropped);
      system.push(...userParts(it.content, path, dropped));
      return;
    }
    const turn = turnOf(item);
    let kind: Kind;
    let parts: Part[];
    if (type === "function_call_output") {
      kind = "result";
      parts = [resultPart(item as WithInterop<ResponseInputItem.FunctionCallOutput>, names, path, dropped)];
    } else if (type === "message" && it.role === "user") {
      kind = "user";
      parts = userParts(it.content, path, dropped);
    } else if (type === "message" && isOpaque(item) && turn?.role === "user") {
      kind = "user";
      const native = opaqueNative(item, "gemini");
      parts = isObject(native) ? [native as Part] : [];
    } else if (
      type === "function_call" ||
      type === "reasoning" ||
      (type === "message" &&
        it.role === "assistant" &&
        (!isOpaque(item) || opaqueNative(item, "gemini") !== undefined))
    ) {
      kind = "model";
      parts = encodeModelItem(it, path, dropped, "request");
    } else {
      dropped.push({
        path,
        reason: `${type === "message" ? "an element of another provider" : type} has no Gemini equivalent`,
      });
      return;
    }
    reportForeignInterop(item, path, dropped);
    const merge =
      turn?.join === true ? current !== undefined : turn?.split === true ? false : mergesInto(open, kind);
    if (!merge || current === undefined) {
      current = { ...turn?.content, role: kind === "model" ? "model" : "user", parts: [] };
      if (turn?.bare === true) delete current.role;
      contents.push(current);
      open = { role: kind === "model" ? "model" : "user", openedBy: kind };
    }
    current.parts!.push(...parts);
  });
  if (needsThoughtSignatures(model)) {
    for (const c of contents) {
      if (c.role !== "model") continue;
      const first = c.parts?.find((p) => p.functionCall !== undefined);
      if (first !== undefined && first.thoughtSignature === undefined)
        first.thoughtSignature = SKIP_SIGNATURE;
    }
  }
  const out: EncodedHistory = { contents };
  if (system.length > 0 || systemRaw !== undefined) out.systemInstruction = { ...systemRaw, parts: system };
  return out;
}

function userParts(content: unknown, path: string, dropped: Dropped[]): Part[] {
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts: Part[] = [];
  content.forEach((c: IRInputPart | WithInterop<{ type: "output_text"; text: string }>, j) => {
    if (c.type === "output_text") {
      parts.push({ ...c.interop?.gemini?.raw, text: c.text });
      return;
    }
    reportForeignInterop(c, `${path}.content[${j}]`, dropped);
    const p = encodeInputPart(c, `${path}.content[${j}]`, dropped);
    if (p !== undefined) parts.push(p);
  });
  return parts;
}

function resultPart(
  item: WithInterop<ResponseInputItem.FunctionCallOutput>,
  names: ReadonlyMap<string, string>,
  path: string,
  dropped: Dropped[],
): Part {
  const raw = item.interop?.gemini?.raw;
  const { functionResponse: frRaw, turn: _turn, ...partRest } = raw ?? {};
  const kept = isObject(frRaw) ? frRaw : {};
  const callId = item.call_id ?? "";
  let name = typeof kept.name === "string" ? kept.name : names.get(callId);
  if (name === undefined) {
    name = callId;
    dropped.push({
      path: `${path}.call_id`,
      reason: "no function_call with this call_id: its name is unknown",
    });
  }
  const { parts: keptParts, name: _name, ...frRest } = kept;
  const encoded = encodeFunctionResponse(item.output, item.interop?.is_error === true, path, dropped);
  const fr: JsonObject = { ...frRest, name, response: encoded.response };
  if (callId !== "" && !isDerivedCallId(callId, name)) fr.id = callId;
  if (Array.isArray(keptParts)) fr.parts = keptParts;
  else if (encoded.parts !== undefined) fr.parts = encoded.parts;
  return { ...partRest, functionResponse: fr };
}
