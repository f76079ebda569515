import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StreamTap } from "../../src/core/stream-tap.ts";
import type { FormatId } from "../../src/ir/stop-reason.ts";
import { streamFixtures } from "../support/streams.ts";

/**
 * The passthrough stream tap skips decoding content deltas of the named-event formats. What it
 * reports — usage, whether the answer ended properly, an upstream error, content seen, the last
 * sequence number — must be what the full decode reports, for every recorded stream, whole and
 * cut short at several points.
 */
function observe(format: FormatId, framing: "sse" | "json-array", bytes: Uint8Array, full: boolean) {
  const tap = new StreamTap(format, framing, {}, { full });
  // fed in uneven pieces, as a socket delivers them
  for (let i = 0; i < bytes.length; i += 97) tap.push(bytes.subarray(i, Math.min(bytes.length, i + 97)));
  tap.end();
  return {
    usage: tap.usage,
    complete: tap.complete,
    failed: tap.failed,
    error: tap.error?.message,
    sawContent: tap.sawContent,
    lastSequence: format === "openai-responses" ? tap.lastSequence : undefined,
    events: tap.events,
  };
}

for (const format of ["anthropic-messages", "openai-responses"] as const) {
  describe(`stream tap, ${format}: skipping deltas changes nothing it reports`, () => {
    const fixtures = streamFixtures(format).filter((f) => f.malformed !== true);
    test(`${fixtures.length} recorded streams, whole and cut at 1/3 and 2/3`, () => {
      assert.ok(fixtures.length > 10);
      let withUsage = 0;
      for (const f of fixtures) {
        for (const cut of [1, 1 / 3, 2 / 3]) {
          const bytes = f.bytes.subarray(0, Math.floor(f.bytes.length * cut));
          const light = observe(format, f.framing, bytes, false);
          const full = observe(format, f.framing, bytes, true);
          assert.deepEqual(light, full, `${f.name} cut ${cut.toFixed(2)}`);
          if (cut === 1 && full.usage !== undefined) withUsage++;
        }
      }
      assert.ok(withUsage > 0);
    });
  });
}
