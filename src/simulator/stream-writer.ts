import type { ServerResponse } from "node:http";
import type { StreamEncoder } from "../formats/wire-format.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import type { Controls } from "./controls.ts";
import { sleep } from "./http-io.ts";

export interface StreamWrite {
  res: ServerResponse;
  status: number;
  headers: Record<string, string>;
  events: Iterable<IRStreamEvent>;
  encoder: StreamEncoder;
  controls: Controls;
  /** Aborts when the client goes away or the simulator closes. */
  signal: () => AbortSignal;
}

const CHARS_PER_TOKEN = 4;

/**
 * Writes an answer's stream event by event through `encoder`: after `ttft` ms the first event,
 * then text and argument deltas paced at `tps` tokens/s (on a schedule from the first event,
 * so timer slack does not add up), and — with `disconnectAfter` — the socket torn down after
 * that many written events, mid-answer, as a crashed upstream would.
 *
 * Unpaced and unfaulted (the benchmark's path), every event is written in one corked burst
 * with no timer at all.
 */
export async function writeStream(w: StreamWrite): Promise<void> {
  const { res, encoder, controls } = w;
  res.writeHead(w.status, w.headers);
  const paced = controls.ttftMs > 0 || controls.tps > 0;
  const cut = controls.disconnectAfter;
  if (cut === 0) return disconnect(res);

  if (!paced) {
    const socket = res.socket;
    socket?.cork();
    let written = 0;
    for (const ev of w.events) {
      const text = encoder.push(ev);
      if (text === "") continue;
      written++;
      if (cut !== undefined && written >= cut) {
        res.write(text);
        socket?.uncork();
        return disconnect(res);
      }
      if (!res.write(text)) {
        socket?.uncork();
        await drained(res);
        if (res.destroyed) return;
        socket?.cork();
      }
    }
    res.end(encoder.end());
    socket?.uncork();
    return;
  }

  res.flushHeaders();
  const signal = w.signal();
  await sleep(controls.ttftMs, signal);
  const start = Date.now();
  const msPerChar = controls.tps > 0 ? 1000 / (controls.tps * CHARS_PER_TOKEN) : 0;
  let chars = 0;
  let written = 0;
  for (const ev of w.events) {
    if (signal.aborted || res.destroyed) return;
    const delta = (ev as { delta?: unknown }).delta;
    if (msPerChar > 0 && typeof delta === "string" && ev.type.endsWith(".delta")) {
      // a delta goes out once the text before it has "taken" its time: the first at once
      await sleep(start + chars * msPerChar - Date.now(), signal);
      if (signal.aborted || res.destroyed) return;
      chars += delta.length;
    }
    const text = encoder.push(ev);
    if (text === "") continue;
    written++;
    if (cut !== undefined && written >= cut) {
      res.write(text);
      return disconnect(res);
    }
    if (!res.write(text)) await drained(res);
  }
  if (!res.destroyed) res.end(encoder.end());
}

/** Ends the connection once what was written is flushed: the body stops mid-stream. */
function disconnect(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  res.flushHeaders();
  socket.end(() => socket.destroy());
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
