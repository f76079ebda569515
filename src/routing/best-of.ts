/**
 * `best_of` selection (issue 6), shared by the gateway and the Router: N answers to the same
 * request, one kept. Without a selector the longest answer wins (deterministic, free, a crude
 * proxy for thoroughness); a judge model is asked which is best through a fixed prompt, and
 * its reply is read leniently; the library may pass its own function instead. Pure.
 */
import type { IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";

/** One candidate answer as the selector sees it. */
export interface BestOfAnswer {
  /** Where it came from, shown to nobody but the caller (the judge sees only numbers). */
  provider: string;
  model: string;
  /** The answer's text (message output joined); empty for a failed or tool-only answer. */
  text: string;
  ok: boolean;
}

/** The index of the longest successful answer (ties: the earlier); undefined when none succeeded. */
export function longestAnswer(answers: readonly BestOfAnswer[]): number | undefined {
  let best: number | undefined;
  answers.forEach((a, i) => {
    if (!a.ok) return;
    if (best === undefined || a.text.length > answers[best]!.text.length) best = i;
  });
  return best;
}

/** Longest a candidate's text may be inside the judge's prompt, characters. */
const MAX_ANSWER_CHARS = 8_000;

/**
 * The judge's instructions and input: the original request's text, then each successful
 * answer numbered from 1. The judge is told to reply with the number only; providers and
 * models are not named, so the judge cannot favour its own family by name.
 */
export function judgePrompt(
  requestText: string,
  answers: readonly BestOfAnswer[],
): { instructions: string; input: string; numbering: number[] } {
  const numbering: number[] = [];
  const parts = [`## Request\n\n${requestText.trim()}`];
  answers.forEach((a, i) => {
    if (!a.ok) return;
    numbering.push(i);
    const text = a.text.length > MAX_ANSWER_CHARS ? `${a.text.slice(0, MAX_ANSWER_CHARS)}…` : a.text;
    parts.push(`## Answer ${numbering.length}\n\n${text.trim() === "" ? "(no text)" : text.trim()}`);
  });
  return {
    instructions:
      "You compare candidate answers to the same request. Judge correctness first, then " +
      "completeness, then clarity. Reply with the number of the best answer and nothing else.",
    input: parts.join("\n\n"),
    numbering,
  };
}

/**
 * The judge's reply → the chosen answer's index in the original list, or undefined when the
 * reply names no valid answer. Reads the first number in the reply ("2", "Answer 2.", "**2**").
 */
export function parseJudgeChoice(reply: string, numbering: readonly number[]): number | undefined {
  const m = /\d+/.exec(reply);
  if (m === null) return undefined;
  const k = Number(m[0]);
  return k >= 1 && k <= numbering.length ? numbering[k - 1] : undefined;
}

/** The request as text for the judge: its instructions and each input message's text. */
export function requestText(ir: IRRequest): string {
  const lines: string[] = [];
  if (typeof ir.instructions === "string" && ir.instructions !== "")
    lines.push(`(system) ${ir.instructions}`);
  if (typeof ir.input === "string") lines.push(ir.input);
  else {
    for (const item of ir.input ?? []) {
      if (!("role" in item)) continue;
      const content: unknown = (item as { content?: unknown }).content;
      if (typeof content === "string") lines.push(`(${item.role}) ${content}`);
      else if (Array.isArray(content)) {
        const text = content
          .map((p: unknown) => (isText(p) ? p.text : ""))
          .filter((t) => t !== "")
          .join("\n");
        if (text !== "") lines.push(`(${item.role}) ${text}`);
      }
    }
  }
  return lines.join("\n\n");
}

function isText(p: unknown): p is { text: string } {
  return typeof p === "object" && p !== null && typeof (p as { text?: unknown }).text === "string";
}

/** An answer's text: its messages' output text, joined. */
export function answerText(ir: IRResponse): string {
  const parts: string[] = [];
  for (const item of ir.output) {
    if (item.type !== "message") continue;
    for (const part of item.content) if (part.type === "output_text") parts.push(part.text);
  }
  return parts.join("");
}
