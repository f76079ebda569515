/**
 * One line per request on stderr: time, method, path, status, duration, provider. Never a
 * body, a header or a query string (`?key=` carries Gemini clients' keys).
 */
export type LogSink = (line: string) => void;

export interface RequestLogEntry {
  method: string;
  /** The path without its query string. */
  path: string;
  status: number;
  ms: number;
  provider: string;
  /** Set when the client went away before the answer ended. */
  aborted?: boolean;
}

export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

export function formatRequestLine(e: RequestLogEntry, now: Date = new Date()): string {
  const tail = e.aborted === true ? " (client closed)" : "";
  return `${now.toISOString()} ${safe(e.method, 16)} ${safe(e.path, 200)} ${e.status} ${Math.round(e.ms)}ms ${safe(e.provider, 40)}${tail}`;
}

/** Control characters escaped and length capped: a request path cannot forge log lines. */
function safe(s: string, max: number): string {
  let clean = "";
  for (const ch of s.length > max ? s.slice(0, max) : s) {
    const c = ch.codePointAt(0) ?? 0;
    clean += c <= 0x20 || c === 0x7f || /\s/.test(ch) ? `%${c.toString(16).padStart(2, "0")}` : ch;
  }
  return s.length > max ? `${clean}…` : clean;
}
