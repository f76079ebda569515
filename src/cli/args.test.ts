import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFlags, portFlag, UsageError } from "./args.ts";

const SPEC = {
  port: { type: "string" },
  quiet: { type: "boolean" },
  model: { type: "string", short: "m" },
} as const;

describe("parseFlags", () => {
  it("reads flags in both forms, short names, and --help", () => {
    assert.deepEqual(parseFlags("x", ["--port", "1", "--quiet", "-m", "gpt"], SPEC).values, {
      port: "1",
      quiet: true,
      model: "gpt",
    });
    assert.equal(parseFlags("x", ["--port=2"], SPEC).values.port, "2");
    assert.equal(parseFlags("x", ["-h"], SPEC).help, true);
    assert.deepEqual(parseFlags("x", ["-m", "g", "hello", "world"], SPEC, true).positionals, [
      "hello",
      "world",
    ]);
  });

  it("unknown flags, missing values and stray arguments are clear errors", () => {
    const cases: Array<[string[], RegExp, boolean?]> = [
      [["--prot", "1"], /^switchyard x: unknown option --prot \(did you mean "--port"\?\)$/],
      [["--verbose"], /^switchyard x: unknown option --verbose$/],
      [["--port"], /--port needs a value/],
      [["--port", "--quiet"], /--port needs a value/],
      [["--quiet=yes"], /--quiet takes no value/],
      [["stray"], /unexpected argument "stray"/],
    ];
    for (const [args, message] of cases) {
      assert.throws(
        () => parseFlags("x", args, SPEC),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    }
  });

  it("ports", () => {
    assert.equal(portFlag("x", "4100"), 4100);
    assert.equal(portFlag("x", "0"), 0);
    assert.equal(portFlag("x", undefined), undefined);
    assert.throws(() => portFlag("x", "70000"), /--port must be a number from 0 to 65535/);
    assert.throws(() => portFlag("x", "http"), UsageError);
  });
});
