import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatRequestLine } from "./log.ts";
import { Metrics } from "./metrics.ts";
import { fakeGateway, listen } from "./test-kit.ts";

describe("metrics", () => {
  it("renders counters and a cumulative histogram in the Prometheus text format", () => {
    const m = new Metrics();
    m.requestStarted();
    m.requestFinished({ surface: "openai-chat", provider: "openai", status: 200, seconds: 0.02 });
    m.requestStarted();
    m.requestFinished({ surface: "openai-chat", provider: "openai", status: 200, seconds: 3 });
    m.requestStarted();
    m.requestFinished({ surface: "gemini", provider: 'we"ird\\', status: 429, seconds: 0.001 });
    const text = m.render(1234);
    assert.ok(text.endsWith("\n"));
    assert.match(text, /^# TYPE switchyard_requests_total counter$/m);
    assert.match(
      text,
      /^switchyard_requests_total\{surface="openai-chat",provider="openai",status="200"\} 2$/m,
    );
    assert.match(
      text,
      /^switchyard_requests_total\{surface="gemini",provider="we\\"ird\\\\",status="429"\} 1$/m,
    );
    assert.match(text, /^# TYPE switchyard_request_duration_seconds histogram$/m);
    const b = (le: string) =>
      Number(
        new RegExp(
          `^switchyard_request_duration_seconds_bucket\\{surface="openai-chat",provider="openai",le="${le}"\\} (\\d+)$`,
          "m",
        ).exec(text)?.[1],
      );
    assert.equal(b("0.01"), 0);
    assert.equal(b("0.025"), 1);
    assert.equal(b("2.5"), 1);
    assert.equal(b("5"), 2);
    assert.equal(b("\\+Inf"), 2);
    assert.match(
      text,
      /^switchyard_request_duration_seconds_sum\{surface="openai-chat",provider="openai"\} 3\.02$/m,
    );
    assert.match(
      text,
      /^switchyard_request_duration_seconds_count\{surface="openai-chat",provider="openai"\} 2$/m,
    );
    assert.match(text, /^process_resident_memory_bytes 1234$/m);
    assert.match(text, /^switchyard_requests_in_flight 0$/m);
    // every sample line is `name{labels} value` or `name value`
    for (const line of text.trim().split("\n")) {
      if (!line.startsWith("#")) assert.match(line, /^[a-z_]+(\{.*\})? [0-9.e+-]+$/, line);
    }
  });

  it("/metrics counts requests by surface, provider and status", async () => {
    const srv = await listen({ gateway: fakeGateway() });
    try {
      const post = (p: string, body = "{}") =>
        fetch(`${srv.url}${p}`, { method: "POST", body }).then((r) => r.text());
      await post("/v1/chat/completions");
      await post("/v1/chat/completions");
      await post("/v1/messages", "nope");
      await post("/v1beta/models/g:generateContent");
      await post("/nowhere");
      await fetch(`${srv.url}/healthz`).then((r) => r.text());
      const r = await fetch(`${srv.url}/metrics`);
      assert.equal(r.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
      const text = await r.text();
      assert.match(text, /switchyard_requests_total\{surface="openai-chat",provider="fake",status="200"\} 2/);
      assert.match(
        text,
        /switchyard_requests_total\{surface="anthropic-messages",provider="none",status="400"\} 1/,
      );
      assert.match(text, /switchyard_requests_total\{surface="gemini",provider="fake",status="200"\} 1/);
      assert.match(text, /switchyard_requests_total\{surface="unknown",provider="none",status="404"\} 1/);
      assert.doesNotMatch(text, /healthz/);
      assert.match(text, /process_resident_memory_bytes \d+/);
    } finally {
      await srv.close();
    }
  });
});

describe("request log", () => {
  it("one line: method, path, status, ms, provider; control characters escaped", () => {
    const at = new Date("2025-01-02T03:04:05.000Z");
    assert.equal(
      formatRequestLine(
        { method: "POST", path: "/v1/responses", status: 200, ms: 12.4, provider: "openai" },
        at,
      ),
      "2025-01-02T03:04:05.000Z POST /v1/responses 200 12ms openai",
    );
    const forged = formatRequestLine(
      { method: "GET", path: "/x\n2025 POST /admin 200", status: 404, ms: 1, provider: "none" },
      at,
    );
    assert.doesNotMatch(forged, /\n/);
  });

  it("never logs bodies, query strings or keys", async () => {
    const lines: string[] = [];
    const srv = await listen({ gateway: fakeGateway(), log: (l) => lines.push(l) });
    try {
      await fetch(`${srv.url}/v1beta/models/g:generateContent?key=AIzaSECRET&alt=sse`, {
        method: "POST",
        headers: { "x-goog-api-key": "AIzaOTHER", authorization: "Bearer sk-SECRET" },
        body: JSON.stringify({ contents: [{ parts: [{ text: "PROMPT-TEXT" }] }] }),
      }).then((r) => r.text());
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? "", /POST \/v1beta\/models\/g:generateContent 200 \d+ms fake$/);
      assert.doesNotMatch(lines.join("\n"), /SECRET|OTHER|PROMPT|key=|alt=/);
    } finally {
      await srv.close();
    }
  });
});

it("token usage the core reports is counted by surface, provider and type", () => {
  const m = new Metrics();
  m.usage("anthropic-messages", "openai", {
    input_tokens: 10,
    output_tokens: 5,
    cached_input_tokens: 4,
    reasoning_tokens: 0,
  });
  m.usage("anthropic-messages", "openai", { input_tokens: 1, output_tokens: 2 });
  m.usage("gemini", "gemini", undefined);
  const text = m.render(1);
  assert.match(
    text,
    /^switchyard_tokens_total\{surface="anthropic-messages",provider="openai",type="input"\} 11$/m,
  );
  assert.match(
    text,
    /^switchyard_tokens_total\{surface="anthropic-messages",provider="openai",type="output"\} 7$/m,
  );
  assert.match(
    text,
    /^switchyard_tokens_total\{surface="anthropic-messages",provider="openai",type="cached_input"\} 4$/m,
  );
  assert.doesNotMatch(text, /type="reasoning"/);
});
