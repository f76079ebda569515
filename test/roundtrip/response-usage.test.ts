import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FORMATS } from "../../src/formats/registry.ts";
import type { FormatId } from "../../src/ir/stop-reason.ts";
import { responseFixtures } from "../support/wire.ts";

/**
 * `responseUsage` (the passthrough path's usage tap) says what a full decode says, for every
 * recorded answer of every format.
 */
for (const format of Object.keys(FORMATS) as FormatId[]) {
  describe(`responseUsage: ${format}`, () => {
    const fixtures = responseFixtures(format);
    test(`${fixtures.length} recorded answers`, () => {
      assert.ok(fixtures.length > 0);
      let withUsage = 0;
      for (const f of fixtures) {
        const full = FORMATS[format].decodeResponse(f.body).value.usage;
        assert.deepEqual(FORMATS[format].responseUsage(f.body), full, f.name);
        if (full !== undefined) withUsage++;
      }
      assert.ok(withUsage > 0, "some recordings carry usage");
      assert.equal(FORMATS[format].responseUsage("not json"), undefined);
      assert.equal(FORMATS[format].responseUsage({}), undefined);
    });
  });
}
