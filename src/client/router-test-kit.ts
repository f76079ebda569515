import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the capture server saw. */
export interface Captured {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface CannedAnswer {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * A tiny upstream for tests that must see the exact body and headers a provider receives:
 * it records every request and answers with the canned answer (JSON, or text as given).
 */
export async function startCapture(
  answer: CannedAnswer | ((req: Captured) => CannedAnswer),
): Promise<{ url: string; seen: Captured[]; close(): Promise<void> }> {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const cap: Captured = {
        url: req.url ?? "",
        headers: req.headers,
        body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      seen.push(cap);
      const a = typeof answer === "function" ? answer(cap) : answer;
      res.writeHead(a.status ?? 200, { "content-type": a.contentType ?? "application/json", ...a.headers });
      res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal Anthropic Messages answer. */
export function anthropicAnswer(stopReason = "end_turn", text = "ok"): unknown {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5",
    content: [{ type: "text", text }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 1 },
  };
}

/** A minimal Gemini generateContent answer (usage without cache or thought counts). */
export function geminiAnswer(finishReason = "STOP", text = "ok"): unknown {
  return {
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason, index: 0 }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 },
    modelVersion: "gemini-2.5-flash",
  };
}
