import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { defaultControls, faultOf, parseControls } from "./controls.ts";

const none = () => undefined;
const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

test("no controls: the model as given, defaults", () => {
  assert.deepEqual(parseControls("gpt-4o", none), { model: "gpt-4o", controls: defaultControls() });
  assert.deepEqual(parseControls(undefined, none).model, undefined);
});

test("model suffixes are parsed and stripped", () => {
  const { model, controls } = parseControls("gpt-4o~latency=200~ttft=300~tps=50~chunk=4~hang", none);
  assert.equal(model, "gpt-4o");
  assert.deepEqual(controls, { latencyMs: 200, ttftMs: 300, tps: 50, chunk: 4, hang: true });
  const e = parseControls("claude-x~error=429~retry=2.5~fail=2", none).controls;
  assert.equal(e.error, 429);
  assert.equal(e.retryAfter, 2.5);
  assert.equal(e.failTimes, 2);
  assert.equal(parseControls("m~disconnect=5", none).controls.disconnectAfter, 5);
  assert.equal(parseControls("m~disconnect", none).controls.disconnectAfter, 0);
  assert.equal(
    parseControls("meta-llama/llama-3.1-8b-instruct:free~latency=1", none).model,
    "meta-llama/llama-3.1-8b-instruct:free",
  );
});

test("headers, which win over suffixes", () => {
  const h = headers({
    "x-sim-latency-ms": "10",
    "x-sim-ttft-ms": "20",
    "x-sim-tps": "30",
    "x-sim-error": "503",
    "x-sim-retry-after": "4",
    "x-sim-hang": "false",
    "x-sim-disconnect-after": "2",
    "x-sim-fail-times": "1",
    "x-sim-fixture": "a/b.json",
  });
  const { controls } = parseControls("m~latency=999~hang", h);
  assert.deepEqual(controls, {
    latencyMs: 10,
    ttftMs: 20,
    tps: 30,
    error: 503,
    retryAfter: 4,
    hang: false,
    disconnectAfter: 2,
    failTimes: 1,
    fixture: "a/b.json",
  });
});

test("`fail` alone implies a 500", () => {
  assert.equal(parseControls("m~fail=2", none).controls.error, 500);
  assert.equal(parseControls("m~fail=2~hang", none).controls.error, undefined);
});

test("unknown controls and bad values are 400s naming the control", () => {
  const bad = (model: string, h: Record<string, string> = {}) =>
    assert.throws(
      () => parseControls(model, headers(h)),
      (e: unknown) => e instanceof SwitchyardError && e.kind === "invalid_request",
    );
  bad("m~latenc=1");
  bad("m~latency=abc");
  bad("m~latency=-1");
  bad("m~error=200");
  bad("m~error=600");
  bad("m~fail=1.5");
  bad("m~hang=maybe");
  bad("m", { "x-sim-tps": "fast" });
  assert.throws(() => parseControls("m~nope", none), /~nope/);
  assert.throws(() => parseControls("m", headers({ "x-sim-error": "abc" })), /x-sim-error/);
});

test("faultOf names the fault for fail counting", () => {
  assert.equal(faultOf(defaultControls()), undefined);
  assert.equal(faultOf(parseControls("m~error=429", none).controls), "error=429");
  assert.equal(faultOf(parseControls("m~hang", none).controls), "hang");
  assert.equal(faultOf(parseControls("m~disconnect=3", none).controls), "disconnect=3");
  assert.equal(faultOf(parseControls("m~latency=3", none).controls), undefined, "latency is not a fault");
});
