import assert from "node:assert/strict";
import { test } from "node:test";
import { ChatUsageFilter, isUsageOnlyChunk } from "./chat-usage-filter.ts";

const chunk = (content: string) =>
  `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"}}],"usage":null}\n\n`;
const usage = `data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n`;
const done = "data: [DONE]\n\n";

test("drops only the usage chunk, whatever the chunk boundaries", () => {
  const stream = chunk("a") + chunk("b") + usage + done;
  for (const size of [1, 3, 7, 64, stream.length]) {
    const f = new ChatUsageFilter();
    let out = "";
    const bytes = Buffer.from(stream);
    for (let i = 0; i < bytes.length; i += size) out += f.push(bytes.subarray(i, i + size));
    out += f.end();
    assert.equal(out, chunk("a") + chunk("b") + done, `size ${size}`);
  }
});

test("CRLF framing passes through byte for byte", () => {
  const crlf = (s: string) => s.replaceAll("\n", "\r\n");
  const f = new ChatUsageFilter();
  assert.equal(f.push(crlf(chunk("x") + usage)) + f.end(), crlf(chunk("x")));
});

test("isUsageOnlyChunk: empty choices and a usage object, nothing else", () => {
  assert.ok(isUsageOnlyChunk(usage));
  assert.ok(!isUsageOnlyChunk(chunk("a")));
  assert.ok(!isUsageOnlyChunk(`data: {"choices":[],"usage":null}\n\n`));
  assert.ok(!isUsageOnlyChunk(`data: {"choices":[], broken\n\n`));
});
