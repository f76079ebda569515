import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GatewayRequest } from "../core/gateway-types.ts";
import { fakeGateway } from "../server/test-kit.ts";
import { runChat } from "./chat.ts";
import type { CliIO } from "./io.ts";

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

const sse = (type: string, extra: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...extra })}\n\n`;

describe("runChat", () => {
  it("sends a streaming Responses request and prints the text deltas as they come", async () => {
    let seen: GatewayRequest | undefined;
    const g = fakeGateway((req) => {
      seen = req;
      return {
        kind: "stream",
        status: 200,
        headers: { "content-type": "text/event-stream" },
        chunks: (async function* () {
          yield sse("response.created", { response: {} });
          // an event split across chunks
          const d = sse("response.output_text.delta", { delta: "Hel" });
          yield d.slice(0, 10);
          yield d.slice(10);
          yield sse("response.reasoning_summary_text.delta", { delta: "(thinking)" });
          yield sse("response.output_text.delta", { delta: "lo" });
          yield sse("response.completed", { response: {} });
        })(),
      };
    });
    const io = capture();
    const code = await runChat(g, { model: "claude-haiku-4-5", prompt: "hi", instructions: "be brief" }, io);
    assert.equal(code, 0);
    assert.equal(io.stdout, "Hello\n");
    assert.equal(io.stderr, "");
    assert.equal(seen?.surface, "openai-responses");
    assert.equal(seen?.stream, true);
    assert.deepEqual(seen?.body, {
      model: "claude-haiku-4-5",
      input: "hi",
      stream: true,
      instructions: "be brief",
    });
  });

  it("an error result or a failed stream is printed to stderr with status 1", async () => {
    const json = fakeGateway(() => ({
      kind: "json",
      status: 404,
      headers: {},
      body: {
        error: { message: "unknown model", type: "invalid_request_error", param: "model", code: null },
      },
    }));
    const io = capture();
    assert.equal(await runChat(json, { model: "x", prompt: "hi" }, io), 1);
    assert.equal(io.stderr, "error (404): unknown model\n");

    const failed = fakeGateway(() => ({
      kind: "stream",
      status: 200,
      headers: {},
      chunks: (async function* () {
        yield sse("response.output_text.delta", { delta: "par" });
        yield sse("error", { message: "upstream overloaded", code: "overloaded_error" });
        yield sse("response.failed", { response: { error: { message: "upstream overloaded" } } });
      })(),
    }));
    const io2 = capture();
    assert.equal(await runChat(failed, { model: "x", prompt: "hi" }, io2), 1);
    assert.equal(io2.stdout, "par\n");
    assert.equal(io2.stderr, "error: upstream overloaded\n");
  });
});
