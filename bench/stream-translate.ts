/**
 * Stream translation throughput: for every (source, target) pair, replays recorded streams of
 * the source format through the StreamTranslator (bytes → native events → IR → target text)
 * and reports native events per second. One process, one core; run with
 * `npm run bench:translate` (`-- --seconds 0.5` per pair by default; `--json` for JSON).
 */
import { NativeEventReader, StreamTranslator } from "../src/core/stream-translator.ts";
import type { FormatId } from "../src/ir/stop-reason.ts";
import { streamFixtures } from "../test/support/streams.ts";

const IDS: FormatId[] = ["openai-responses", "openai-chat", "anthropic-messages", "gemini"];
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1] ?? 0.5) || 0.5;
const asJson = args.includes("--json");

interface Sample {
  bytes: Uint8Array;
  events: number;
  framing: "sse" | "json-array";
  model?: string;
}

/** The longest recorded, well-formed, successful streams of a format. */
function samples(format: FormatId): Sample[] {
  return streamFixtures(format)
    .filter((f) => f.malformed !== true && f.framing === "sse")
    .map((f) => {
      const r = new NativeEventReader(f.framing);
      const events = r.push(f.bytes).length + r.end().length;
      return {
        bytes: f.bytes,
        events,
        framing: f.framing,
        ...(f.model === undefined ? {} : { model: f.model }),
      };
    })
    .sort((a, b) => b.events - a.events)
    .slice(0, 8);
}

function run(source: FormatId, target: FormatId, set: Sample[]): { eventsPerSec: number; mbPerSec: number } {
  let events = 0;
  let bytes = 0;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let sink = 0;
  while (performance.now() < deadline) {
    for (const s of set) {
      const t = new StreamTranslator({
        source,
        target,
        sourceFraming: s.framing,
        decode: s.model === undefined ? {} : { model: s.model },
        encode: { includeUsage: true },
      });
      sink += t.push(s.bytes).length + t.end().length;
      events += s.events;
      bytes += s.bytes.length;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  if (sink < 0) console.log(sink);
  return { eventsPerSec: events / elapsed, mbPerSec: bytes / elapsed / 1e6 };
}

const results: Array<{ source: FormatId; target: FormatId; eventsPerSec: number; mbPerSec: number }> = [];
for (const source of IDS) {
  const set = samples(source);
  for (const target of IDS) {
    run(source, target, set); // warm up
    results.push({ source, target, ...run(source, target, set) });
    if (!asJson) process.stderr.write(".");
  }
}
if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  process.stderr.write("\n");
  console.log("| source → target | events/s | MB/s |\n|---|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.source} → ${r.target} | ${Math.round(r.eventsPerSec).toLocaleString("en")} | ${r.mbPerSec.toFixed(1)} |`,
    );
  }
}
