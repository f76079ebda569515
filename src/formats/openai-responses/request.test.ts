import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import type { IRRequest } from "../../ir/request.ts";
import { decodeRequest, encodeRequest } from "./request.ts";

function rejects(body: unknown, param: string, expected?: RegExp): void {
  assert.throws(
    () => decodeRequest(body),
    (e: unknown) => {
      assert.ok(e instanceof SwitchyardError, String(e));
      assert.equal(e.kind, "invalid_request");
      assert.equal(e.status, 400);
      assert.equal(e.param, param);
      if (expected !== undefined) assert.match(e.message, expected);
      return true;
    },
  );
}

test("a string input stays a string; every field is kept as given, nulls included", () => {
  const body = {
    model: "gpt-5",
    input: "hello",
    instructions: null,
    previous_response_id: null,
    reasoning: { effort: "low", summary: null },
    text: { format: { type: "json_schema", name: "x", schema: { type: "object" }, strict: true } },
    metadata: { k: "v" },
    user: "end-user-1",
    include: ["reasoning.encrypted_content"],
  };
  const { value, dropped } = decodeRequest(body);
  assert.deepEqual(value, body);
  assert.deepEqual(dropped, []);
  assert.deepEqual(encodeRequest(value), { value: body, dropped: [] });
});

test("fields the IR has no slot for ride in interop.openai.raw and come back", () => {
  const body = { model: "gpt-5", input: "hi", future_param: { a: 1 } };
  const { value } = decodeRequest(body);
  assert.deepEqual(value.interop, { openai: { raw: { future_param: { a: 1 } } } });
  assert.deepEqual(encodeRequest(value).value, body);
});

test("the model and stream flag may come from the context", () => {
  const { value } = decodeRequest({ input: "hi" }, { model: "gpt-4.1", stream: true });
  assert.equal(value.model, "gpt-4.1");
  assert.equal(value.stream, true);
  assert.equal(decodeRequest({ model: "a", stream: false }, { model: "b", stream: true }).value.model, "a");
});

test("validation names the path of the first problem", () => {
  rejects([], "", /an object/);
  rejects({ model: 5 }, "model");
  rejects({ model: "m", input: 5 }, "input");
  rejects(
    {
      model: "m",
      input: [
        { role: "user", content: "a" },
        { role: "robot", content: "b" },
      ],
    },
    "input[1].role",
  );
  rejects(
    { model: "m", input: [{ role: "user", content: [{ type: "image", url: "u" }] }] },
    "input[0].content[0].type",
  );
  rejects({ model: "m", temperature: "hot" }, "temperature");
  rejects({ model: "m", max_output_tokens: 1.5 }, "max_output_tokens", /an integer/);
  rejects({ model: "m", reasoning: { effort: "ultra" } }, "reasoning.effort");
  rejects({ model: "m", tools: [{ type: "function" }] }, "tools[0].name");
  rejects({ model: "m", tool_choice: "sometimes" }, "tool_choice");
  rejects({ model: "m", text: { format: { type: "xml" } } }, "text.format.type");
  rejects({ model: "m", metadata: { k: 1 } }, "metadata.k");
  rejects({ model: "m", truncation: "middle" }, "truncation");
  rejects({ model: "m", include: [1] }, "include[0]");
  rejects({ model: "m", top_k: "x" }, "top_k");
});

test("value ranges are left to the provider (its 400 says it best)", () => {
  assert.equal(decodeRequest({ model: "gpt-4o", temperature: -1 }).value.temperature, -1);
});

test("the IR's extra sampling fields are accepted as an extension and never sent to OpenAI", () => {
  const { value } = decodeRequest({ model: "claude-x", input: "hi", top_k: 5, stop: "END", seed: 1 });
  assert.equal(value.top_k, 5);
  assert.deepEqual(value.stop, ["END"]);
  assert.equal(value.interop, undefined);
  const out = encodeRequest(value);
  assert.deepEqual(out.value, { model: "claude-x", input: "hi" });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["stop", "top_k", "seed"],
  );
});

test("encode: IR extensions are reported, neutral values are not; user stays user", () => {
  const req: IRRequest = {
    model: "gpt-5",
    input: "hi",
    stop: ["x"],
    top_k: 3,
    seed: 9,
    presence_penalty: 0.5,
    frequency_penalty: 0,
    n: 1,
    user: "u1",
  };
  const out = encodeRequest(req);
  assert.deepEqual(out.value, { model: "gpt-5", input: "hi", user: "u1" });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["stop", "top_k", "seed", "presence_penalty"],
  );
  assert.deepEqual(encodeRequest({ model: "m", stop: [], n: 2 }).dropped, [
    { path: "n", reason: "no equivalent in openai-responses" },
  ]);
});

test("encode: other formats' request-level state is reported, never sent", () => {
  const req = {
    model: "m",
    input: "hi",
    interop: {
      anthropic: { raw: { container: "c1" } },
      gemini: { safetyRatings: [] },
      openai: { raw: { prompt_cache_options: { mode: "explicit" } } },
    },
  } as unknown as IRRequest;
  const out = encodeRequest(req);
  assert.deepEqual(out.value, { model: "m", input: "hi", prompt_cache_options: { mode: "explicit" } });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["interop.anthropic.raw.container", "interop.gemini.safetyRatings"],
  );
});

test("encode: a budget-only reasoning config becomes an effort; undefined fields are not written", () => {
  const out = encodeRequest({ model: "m", reasoning: { budget_tokens: 4096 }, temperature: undefined });
  assert.deepEqual(out.value, { model: "m", reasoning: { effort: "low" } });
  assert.equal(out.dropped[0]?.path, "reasoning.budget_tokens");
});

test("encode: a service tier OpenAI does not know is left out and reported", () => {
  const out = encodeRequest({ model: "m", service_tier: "standard_only" as "auto" });
  assert.deepEqual(out.value, { model: "m" });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["service_tier"],
  );
  assert.deepEqual(encodeRequest({ model: "m", service_tier: "flex" }).value, {
    model: "m",
    service_tier: "flex",
  });
});

test("encode: values OpenAI would reject are made acceptable (and reported when that changes meaning)", () => {
  const out = encodeRequest({
    model: "m",
    max_output_tokens: 1,
    text: { format: { type: "json_schema", schema: { type: "object" } } as never },
  });
  assert.deepEqual(out.value, {
    model: "m",
    max_output_tokens: 16,
    text: { format: { type: "json_schema", schema: { type: "object" }, name: "response" } },
  });
  assert.deepEqual(
    out.dropped.map((d) => d.path),
    ["max_output_tokens"],
  );
});
