import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type { SimulatorOptions } from "../simulator/types.ts";
import { UsageError } from "./args.ts";
import type { CliIO } from "./io.ts";
import { DEFAULT_SIMULATOR_PORT, simulate } from "./simulate.ts";

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
  };
  return io;
}

describe("switchyard simulate", () => {
  it("passes --host, --port and --replay on, prints the URL, closes on a signal", async () => {
    const seen: SimulatorOptions[] = [];
    let closed = false;
    const start = async (o: SimulatorOptions) => {
      seen.push(o);
      return {
        url: `http://${o.host}:${o.port}`,
        close: async () => {
          closed = true;
        },
      };
    };
    const io = capture();
    const signals = new EventEmitter();
    const done = simulate(["--port", "4555", "--replay", "/tmp/wire"], io, start, signals);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, [{ host: "127.0.0.1", port: 4555, replayDir: "/tmp/wire" }]);
    assert.match(io.stderr, /Switchyard simulator on http:\/\/127\.0\.0\.1:4555 \(replaying \/tmp\/wire\)/);
    signals.emit("SIGINT");
    assert.equal(await done, 0);
    assert.equal(closed, true);
  });

  it("defaults, --help, bad flags, a busy port", async () => {
    const io = capture();
    const seen: SimulatorOptions[] = [];
    const signals = new EventEmitter();
    const done = simulate(
      [],
      io,
      async (o) => {
        seen.push(o);
        return { url: "http://127.0.0.1:1", close: async () => {} };
      },
      signals,
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(seen[0]?.port, DEFAULT_SIMULATOR_PORT);
    signals.emit("SIGTERM");
    assert.equal(await done, 0);
    assert.equal(await simulate(["--help"], io, async () => assert.fail("not started")), 0);
    assert.match(io.stdout, /usage: switchyard simulate/);
    await assert.rejects(
      simulate(["--replya", "x"], io, async () => assert.fail("not started")),
      UsageError,
    );
    const busy = Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" });
    assert.equal(
      await simulate(["--port", "1"], io, async () => {
        throw busy;
      }),
      1,
    );
    assert.match(io.stderr, /the port is in use: pick another with --port/);
  });
});
