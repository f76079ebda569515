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

let pending: string[] = [];

/** Lines of one event-loop turn go out in one write: under load, one syscall for many requests. */
export const stderrSink: LogSink = (line) => {
  if (pending.length === 0) setImmediate(flushLog);
  pending.push(line);
};

function flushLog(): void {
  if (pending.length === 0) return;
  const text = `${pending.join("\n")}\n`;
  pending = [];
  process.stderr.write(text);
}
process.on("exit", flushLog);

export function formatRequestLine(e: RequestLogEntry, now: Date = new Date()): string {
  const tail = e.aborted === true ? " (client closed)" : "";
  return `${now.toISOString()} ${safe(e.method, 16)} ${safe(e.path, 200)} ${e.status} ${Math.round(e.ms)}ms ${safe(e.provider, 40)}${tail}`;
}

const PRINTABLE = /^[\x21-\x7e]*$/;

/** Control characters escaped and length capped: a request path cannot forge log lines. */
function safe(s: string, max: number): string {
  if (s.length <= max && PRINTABLE.test(s)) return s;
  let clean = "";
  for (const ch of s.length > max ? s.slice(0, max) : s) {
    const c = ch.codePointAt(0) ?? 0;
    clean += c <= 0x20 || c === 0x7f || /\s/.test(ch) ? `%${c.toString(16).padStart(2, "0")}` : ch;
  }
  return s.length > max ? `${clean}…` : clean;
}
