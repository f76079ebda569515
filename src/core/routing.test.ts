import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FormatId } from "../ir/stop-reason.ts";
import { startSimulator } from "../simulator/index.ts";
import { createGateway } from "./gateway.ts";
import type { Gateway, GatewayConfig, GatewayResult } from "./gateway-types.ts";
import type { RoutingHooks } from "./route-plan.ts";
import { responsesAnswer } from "./test-requests.ts";
import { readResult, startStub } from "./test-upstream.ts";

/**
 * Issue 6 through the core: routes, retries, failover, cooldown and strategies, driven by the
 * simulator's fault controls (model suffixes), on the Chat and Anthropic surfaces (and
 * Gemini where a route can only come from a header or a pool). Sleeps and randomness are
 * injected, so nothing here waits for a real backoff.
 */

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;

before(async () => {
  sim = await startSimulator({ port: 0 });
});
after(async () => {
  await sim.close();
});

const OPENAI = "gpt-4o-mini";
const CLAUDE = "claude-haiku-4-5";

/** A simulator of its own: `~fail` is counted per simulator, model and fault. */
async function withOwnSimulator(fn: (url: string) => Promise<void>): Promise<void> {
  const own = await startSimulator({ port: 0 });
  try {
    await fn(own.url);
  } finally {
    await own.close();
  }
}

function gatewayFor(extra: Partial<GatewayConfig> = {}, hooks: RoutingHooks = {}, url = sim.url): Gateway {
  return createGateway(
    {
      env: {},
      providers: {
        openai: { apiKey: "k-openai", baseURL: `${url}/v1` },
        anthropic: { apiKey: "k-anthropic", baseURL: url },
        gemini: { apiKey: "k-gemini", baseURL: url },
      },
      ...extra,
    },
    {},
    hooks,
  );
}

function request(
  surface: FormatId,
  model: unknown,
  opts: { stream?: boolean; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
) {
  const stream = opts.stream === true;
  const headers = (n: string): string | undefined => opts.headers?.[n];
  const messages = [{ role: "user", content: "hello there" }];
  switch (surface) {
    case "openai-chat":
      return { surface, headers, body: { model, messages, stream, ...opts.extra } };
    case "anthropic-messages":
      return { surface, headers, body: { model, max_tokens: 64, messages, stream, ...opts.extra } };
    case "openai-responses":
      return { surface, headers, body: { model, input: "hello there", stream, ...opts.extra } };
    case "gemini":
      return {
        surface,
        headers,
        model: String(model),
        stream,
        body: { contents: [{ role: "user", parts: [{ text: "hello there" }] }] },
      };
    default:
      return surface satisfies never;
  }
}

async function run(g: Gateway, req: ReturnType<typeof request>) {
  const res: GatewayResult = await g.handle(req);
  return readResult(res);
}

/** Each surface with a way to send a route list: the body on Chat, the header on Anthropic. */
const SURFACES: {
  surface: FormatId;
  route: (models: string[]) => Parameters<typeof request>[2] & { model: unknown };
}[] = [
  { surface: "openai-chat", route: (models) => ({ model: models }) },
  {
    surface: "anthropic-messages",
    route: (models) => ({ model: models[0], headers: { "x-switchyard-route": models.join(",") } }),
  },
];

function send(g: Gateway, surface: FormatId, models: string[], opts: { stream?: boolean } = {}) {
  const s = SURFACES.find((x) => x.surface === surface)!;
  const { model, ...rest } = s.route(models);
  return run(g, request(surface, model, { ...rest, ...opts }));
}

for (const { surface } of SURFACES) {
  describe(`routing on ${surface}`, () => {
    test("fallback: the first candidate fails (500), the second serves; attempts = 2", async () => {
      const g = gatewayFor();
      try {
        const r = await send(g, surface, [`${OPENAI}~error=500`, CLAUDE]);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.headers["x-switchyard-attempts"], "2");
        assert.equal(r.headers["x-switchyard-provider"], "anthropic");
        assert.match(r.headers["x-switchyard-overhead-ms"] ?? "", /^\d+(\.\d+)?$/);
      } finally {
        await g.close();
      }
    });

    test("429 with retry-after: retried on the same deployment after the retry-after delay", async () => {
      await withOwnSimulator(async (url) => {
        const sleeps: number[] = [];
        const g = gatewayFor(
          { retry: { maxAttemptsPerCandidate: 2 } },
          { sleep: async (ms) => void sleeps.push(ms) },
          url,
        );
        try {
          const r = await send(g, surface, [`${OPENAI}~error=429~retry=2~fail=1`, CLAUDE]);
          assert.equal(r.status, 200, r.text);
          assert.deepEqual(sleeps, [2000]);
          assert.equal(r.headers["x-switchyard-attempts"], "2");
          assert.equal(r.headers["x-switchyard-provider"], "openai");
        } finally {
          await g.close();
        }
      });
    });

    test("~fail=1: the retry succeeds on the same deployment, after a jittered backoff", async () => {
      await withOwnSimulator(async (url) => {
        const sleeps: number[] = [];
        const g = gatewayFor(
          { retry: { maxAttemptsPerCandidate: 3, baseDelayMs: 100 } },
          { sleep: async (ms) => void sleeps.push(ms), rng: () => 0.5 },
          url,
        );
        try {
          const r = await send(g, surface, [`${CLAUDE}~fail=1`, OPENAI]);
          assert.equal(r.status, 200, r.text);
          assert.deepEqual(sleeps, [50]); // full jitter: 0.5 · min(cap, 100 · 2⁰)
          assert.equal(r.headers["x-switchyard-provider"], "anthropic");
          assert.equal(r.headers["x-switchyard-attempts"], "2");
        } finally {
          await g.close();
        }
      });
    });

    test("529 fails over to the next candidate", async () => {
      const g = gatewayFor();
      try {
        const r = await send(g, surface, [`${CLAUDE}~error=529`, OPENAI]);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.headers["x-switchyard-provider"], "openai");
        assert.equal(r.headers["x-switchyard-attempts"], "2");
      } finally {
        await g.close();
      }
    });

    test("a hanging upstream times out (first byte) and fails over", async () => {
      const g = gatewayFor({ timeouts: { firstByteMs: 150 } });
      try {
        const r = await send(g, surface, [`${OPENAI}~hang`, CLAUDE]);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.headers["x-switchyard-provider"], "anthropic");
        assert.equal(r.headers["x-switchyard-attempts"], "2");
      } finally {
        await g.close();
      }
    });

    test("streaming: an error before the first byte fails over; the client sees one clean stream", async () => {
      const g = gatewayFor();
      try {
        for (const fault of ["~error=500", "~disconnect=0"]) {
          const r = await send(g, surface, [`${CLAUDE}${fault}`, OPENAI], { stream: true });
          assert.equal(r.status, 200, r.text);
          assert.equal(r.headers["x-switchyard-provider"], "openai", fault);
          assert.equal(r.headers["x-switchyard-attempts"], "2");
          assert.doesNotMatch(r.text, /error/i);
          assert.match(r.text, surface === "openai-chat" ? /\[DONE\]/ : /message_stop/);
        }
      } finally {
        await g.close();
      }
    });

    test("streaming: 429 with retry-after is retried after it; 529 and a hang fail over", async () => {
      await withOwnSimulator(async (url) => {
        const sleeps: number[] = [];
        const g = gatewayFor(
          { retry: { maxAttemptsPerCandidate: 2 }, timeouts: { firstByteMs: 150 } },
          { sleep: async (ms) => void sleeps.push(ms) },
          url,
        );
        try {
          const retried = await send(g, surface, [`${OPENAI}~error=429~retry=1~fail=1`, CLAUDE], {
            stream: true,
          });
          assert.equal(retried.status, 200, retried.text);
          assert.deepEqual(sleeps, [1000]);
          assert.equal(retried.headers["x-switchyard-provider"], "openai");
          assert.equal(retried.headers["x-switchyard-attempts"], "2");
          for (const fault of ["~error=529", "~hang"]) {
            const r = await send(g, surface, [`${CLAUDE}${fault}`, OPENAI], { stream: true });
            assert.equal(r.status, 200, `${fault}: ${r.text}`);
            assert.equal(r.headers["x-switchyard-provider"], "openai", fault);
            // 529 is retried once on the same deployment (max 2 per candidate), a hang too
            assert.equal(r.headers["x-switchyard-attempts"], "3", fault);
            assert.doesNotMatch(r.text, /error/i);
          }
        } finally {
          await g.close();
        }
      });
    });

    test("streaming: a break after the opening events but before content still fails over", async () => {
      const g = gatewayFor();
      try {
        // the first candidate sends its opening event (role chunk / message_start) and drops;
        // passthrough and translated paths both hold the opening back while failover is possible
        for (const [first, second, provider] of [
          [`${OPENAI}~disconnect=1`, CLAUDE, "anthropic"],
          [`${CLAUDE}~disconnect=1`, OPENAI, "openai"],
        ] as const) {
          const r = await send(g, surface, [first, second], { stream: true });
          assert.equal(r.status, 200, r.text);
          assert.equal(r.headers["x-switchyard-provider"], provider, first);
          assert.equal(r.headers["x-switchyard-attempts"], "2");
          assert.doesNotMatch(r.text, /error/i);
          assert.match(r.text, surface === "openai-chat" ? /\[DONE\]/ : /message_stop/);
          // one opening only: the failed attempt's was never sent
          const openings = r.text.match(
            surface === "openai-chat" ? /"role":"assistant"/g : /event: message_start/g,
          );
          assert.equal(openings?.length, 1, r.text);
        }
      } finally {
        await g.close();
      }
    });

    test("streaming: a disconnect after content ends the stream with an in-stream error, no failover", async () => {
      const g = gatewayFor();
      try {
        const r = await send(g, surface, [`${OPENAI}~disconnect=8~chunk=2~tps=400`, CLAUDE], {
          stream: true,
        });
        assert.equal(r.status, 200);
        assert.equal(r.headers["x-switchyard-provider"], "openai");
        assert.equal(r.headers["x-switchyard-attempts"], "1");
        assert.match(r.text, /error/);
      } finally {
        await g.close();
      }
    });

    test("all candidates fail: one error in the surface's format listing every attempt", async () => {
      const g = gatewayFor();
      try {
        const r = await send(g, surface, [`${OPENAI}~error=500`, `${CLAUDE}~error=529`]);
        assert.equal(r.headers["x-switchyard-attempts"], "2");
        const body = JSON.parse(r.text) as { type?: string; error: { message: string; type: string } };
        if (surface === "anthropic-messages") assert.equal(body.type, "error");
        assert.match(body.error.message, /all 2 attempts failed/);
        assert.match(body.error.message, /openai\/gpt-4o-mini~error=500: 500/);
        assert.match(body.error.message, /anthropic\/claude-haiku-4-5~error=529: 529/);
      } finally {
        await g.close();
      }
    });

    test("a size refusal (413) fails over; a malformed request (400) does not", async () => {
      const g = gatewayFor();
      try {
        const big = await send(g, surface, [`${OPENAI}~error=413`, CLAUDE]);
        assert.equal(big.status, 200, big.text);
        assert.equal(big.headers["x-switchyard-provider"], "anthropic");
        const bad = await send(g, surface, [`${OPENAI}~error=400`, CLAUDE]);
        assert.equal(bad.status, 400);
        assert.equal(bad.headers["x-switchyard-attempts"], "1");
      } finally {
        await g.close();
      }
    });

    test("cooldown: a deployment that failed N times is skipped on the next request", async () => {
      const g = gatewayFor({ cooldown: { failures: 2 } });
      try {
        const route = [`${OPENAI}~error=503`, CLAUDE];
        assert.equal((await send(g, surface, route)).headers["x-switchyard-attempts"], "2");
        assert.equal((await send(g, surface, route)).headers["x-switchyard-attempts"], "2");
        const third = await send(g, surface, route);
        assert.equal(third.status, 200);
        assert.equal(third.headers["x-switchyard-attempts"], "1");
        assert.equal(third.headers["x-switchyard-provider"], "anthropic");
      } finally {
        await g.close();
      }
    });
  });
}

test("every surface: provider, model, attempts and a numeric overhead, streamed or not", async () => {
  const g = gatewayFor();
  try {
    for (const surface of ["openai-chat", "openai-responses", "anthropic-messages", "gemini"] as const) {
      for (const stream of [false, true]) {
        const r = await run(
          g,
          request(surface, surface === "gemini" ? "gemini-2.5-flash" : CLAUDE, { stream }),
        );
        assert.equal(r.status, 200, `${surface} ${r.text}`);
        assert.ok(r.headers["x-switchyard-provider"]);
        assert.ok(r.headers["x-switchyard-model"]);
        assert.equal(r.headers["x-switchyard-attempts"], "1");
        const overhead = Number(r.headers["x-switchyard-overhead-ms"]);
        assert.ok(
          Number.isFinite(overhead) && overhead >= 0,
          `${surface}: ${r.headers["x-switchyard-overhead-ms"]}`,
        );
      }
    }
  } finally {
    await g.close();
  }
});

describe("strategies and route forms", () => {
  let g: Gateway;
  before(() => {
    g = gatewayFor(
      {
        pools: {
          "fast-chat": { strategy: "round_robin", models: [OPENAI, CLAUDE] },
          "text-generation": [`${CLAUDE}~error=500`, OPENAI],
        },
        aliases: { small: OPENAI },
      },
      { rng: () => 0.9 },
    );
  });
  after(() => g.close());

  test("round_robin alternates (a pool, on the Anthropic surface)", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await run(g, request("anthropic-messages", "fast-chat"));
      assert.equal(r.status, 200, r.text);
      seen.push(r.headers["x-switchyard-provider"]!);
    }
    assert.deepEqual(seen, ["openai", "anthropic", "openai", "anthropic"]);
  });

  test("weighted picks by weight with the injected rng", async () => {
    const route = {
      strategy: "weighted",
      models: [
        { id: OPENAI, weight: 1 },
        { id: CLAUDE, weight: 1 },
      ],
    };
    const r = await run(g, request("openai-chat", route));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-provider"], "anthropic"); // 0.9 · 2 > 1
    const low = gatewayFor({}, { rng: () => 0.1 });
    try {
      assert.equal(
        (await run(low, request("openai-chat", route))).headers["x-switchyard-provider"],
        "openai",
      );
    } finally {
      await low.close();
    }
  });

  test("a pool with fallback on the Gemini surface (URL model)", async () => {
    const r = await run(g, request("gemini", "text-generation"));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-attempts"], "2");
    assert.equal(r.headers["x-switchyard-provider"], "openai");
  });

  test("x-switchyard-route (JSON) on the Anthropic surface", async () => {
    const route = JSON.stringify({ strategy: "fallback", models: [`${OPENAI}~error=502`, CLAUDE] });
    const r = await run(
      g,
      request("anthropic-messages", CLAUDE, { headers: { "x-switchyard-route": route } }),
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-attempts"], "2");
    assert.equal(r.headers["x-switchyard-provider"], "anthropic");
  });

  test("OpenRouter's `models` field: fallbacks after `model`, not sent upstream", async () => {
    const r = await run(g, request("openai-chat", `${OPENAI}~error=500`, { extra: { models: [CLAUDE] } }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-provider"], "anthropic");
    const direct = await run(g, request("openai-chat", OPENAI, { extra: { models: [CLAUDE] } }));
    assert.equal(direct.status, 200, direct.text); // passthrough to openai: `models` stripped
    assert.equal(direct.headers["x-switchyard-attempts"], "1");
  });

  test("the Responses surface takes a route object in `model`", async () => {
    const r = await run(
      g,
      request("openai-responses", { strategy: "fallback", models: [`${CLAUDE}~error=500`, OPENAI] }),
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-provider"], "openai");
    assert.equal(r.headers["x-switchyard-model"], OPENAI);
  });

  test("best_of runs n candidates at once and returns the longest answer, streamed or not", async () => {
    const records: string[] = [];
    const bg = createGateway(
      {
        env: {},
        providers: {
          openai: { apiKey: "k", baseURL: `${sim.url}/v1` },
          anthropic: { apiKey: "k", baseURL: sim.url },
        },
      },
      { onRecord: (rec) => records.push(`${rec.provider}:${rec.status}`) },
    );
    try {
      // the simulator echoes the prompt: both answers are equally long
      const route = { strategy: "best_of", models: [OPENAI, CLAUDE], best_of: { n: 2 } };
      const r = await run(bg, request("openai-chat", route));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers["x-switchyard-best-of"], "2");
      assert.equal(r.headers["x-switchyard-best-of-pick"], "1"); // equal lengths: the earlier
      assert.deepEqual(records.sort(), ["anthropic:200", "openai:200"]); // both calls accounted
      for (const surface of ["openai-chat", "anthropic-messages"] as const) {
        const headers = { "x-switchyard-route": JSON.stringify(route) };
        const s = await run(bg, request(surface, OPENAI, { stream: true, headers }));
        assert.equal(s.status, 200, s.text);
        assert.equal(s.headers["content-type"], "text/event-stream");
        assert.equal(s.headers["x-switchyard-best-of"], "2");
        assert.match(s.text, surface === "openai-chat" ? /\[DONE\]/ : /message_stop/);
        assert.match(s.text, /Echo: hello/);
      }
    } finally {
      await bg.close();
    }
  });

  test("best_of with a judge: the judge model (any provider) names the answer; its call is accounted too", async () => {
    let verdict = "Answer 2.";
    const judge = await startStub(() => ({
      headers: { "content-type": "application/json" },
      body: JSON.stringify(responsesAnswer(verdict)),
    }));
    const records: string[] = [];
    const bg = createGateway(
      {
        env: {},
        providers: {
          openai: { apiKey: "k", baseURL: `${sim.url}/v1` },
          anthropic: { apiKey: "k", baseURL: sim.url },
          referee: { type: "openai", apiKey: "k", baseURL: `${judge.url}/v1` },
        },
      },
      { onRecord: (rec) => records.push(`${rec.provider}:${rec.model}`) },
    );
    try {
      const route = {
        strategy: "best_of",
        models: [OPENAI, CLAUDE],
        best_of: { n: 2, judge: "referee/gpt-4o" },
      };
      for (const stream of [false, true]) {
        const r = await run(bg, request("openai-chat", route, { stream }));
        assert.equal(r.status, 200, r.text);
        assert.equal(r.headers["x-switchyard-best-of-pick"], "2");
        assert.equal(r.headers["x-switchyard-provider"], "anthropic");
        assert.equal(r.headers["x-switchyard-best-of-judge"], "referee/gpt-4o: 2");
      }
      // the judge saw the request and the answers by number, never who wrote them
      const prompt = JSON.stringify(judge.requests[0]?.json);
      assert.match(prompt, /## Request/);
      assert.match(prompt, /hello there/);
      assert.match(prompt, /## Answer 2/);
      assert.doesNotMatch(prompt, /anthropic|claude/i);
      await new Promise((resolve) => setImmediate(resolve)); // a passthrough answer is recorded just after
      assert.deepEqual(records.filter((x) => x.startsWith("referee")).length, 2);
      // a reply that names no answer: the longest (here the earlier) is kept, and the header says why
      verdict = "I cannot decide.";
      const r = await run(bg, request("openai-chat", route));
      assert.equal(r.status, 200);
      assert.equal(r.headers["x-switchyard-best-of-pick"], "1");
      assert.match(r.headers["x-switchyard-best-of-judge"] ?? "", /unusable \(no answer number/);
    } finally {
      await bg.close();
      await judge.close();
    }
  });

  test("models(): pools and aliases with their targets, and estimated_latency_ms once observed", async () => {
    await run(g, request("openai-chat", OPENAI));
    const list = g.models();
    const pool = list.find((m) => m.id === "fast-chat");
    assert.deepEqual(pool?.targets, [`openai/${OPENAI}`, `anthropic/${CLAUDE}`]);
    assert.equal(pool?.strategy, "round_robin");
    assert.deepEqual(list.find((m) => m.id === "small")?.targets, [`openai/${OPENAI}`]);
    const observed = list.find((m) => m.id === OPENAI);
    assert.equal(typeof observed?.estimated_latency_ms, "number");
  });
});

test("a served stream's stats get its total latency, not only its time to first byte", async () => {
  const g = gatewayFor();
  try {
    // first byte after ~20 ms, then ~12 deltas paced at 200 tokens/s: the end comes well after
    const headers = { "x-sim-ttft-ms": "20", "x-sim-tps": "200", "x-sim-chunk": "4" };
    const r = await run(g, request("openai-chat", OPENAI, { stream: true, headers }));
    assert.equal(r.status, 200);
    const estimate = g.models().find((m) => m.id === OPENAI)?.estimated_latency_ms;
    assert.equal(typeof estimate, "number");
    // the estimate is the total latency (first byte alone would be ~20 ms)
    assert.ok((estimate ?? 0) >= 40, `estimated_latency_ms ${estimate}`);
  } finally {
    await g.close();
  }
});

test("a cooldown store that throws does not fail requests; its deployments count as warm", async () => {
  const fail = (): never => {
    throw new Error("backend down");
  };
  const g = gatewayFor({}, { cooldown: { isCoolingDown: fail, recordFailure: fail, recordSuccess: fail } });
  try {
    const r = await run(g, request("openai-chat", [`${OPENAI}~error=500`, CLAUDE]));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-attempts"], "2");
  } finally {
    await g.close();
  }
});

test("every deployment cooling down: the route is tried anyway rather than failing untried", async () => {
  const asked: string[] = [];
  const g = gatewayFor(
    {},
    {
      cooldown: {
        isCoolingDown: async (k) => {
          asked.push(k);
          return true;
        },
        recordFailure: () => {},
        recordSuccess: () => {},
      },
    },
  );
  try {
    const r = await run(g, request("openai-chat", [OPENAI, CLAUDE]));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-provider"], "openai");
    assert.deepEqual(asked, [`openai/${OPENAI}`, `anthropic/${CLAUDE}`]);
  } finally {
    await g.close();
  }
});

test("aux endpoints route too: an embeddings pool fails over, the attempts are counted", async () => {
  const g = gatewayFor({
    pools: { embedding: ["text-embedding-3-small~error=503", "gemini-embedding-001"] },
  });
  try {
    const res = await g.handleAux({
      endpoint: "embeddings",
      body: { model: "embedding", input: ["a", "b"] },
      headers: () => undefined,
    });
    const r = await readResult(res);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers["x-switchyard-attempts"], "2");
    assert.equal(r.headers["x-switchyard-provider"], "gemini");
    assert.equal((JSON.parse(r.text) as { data: unknown[] }).data.length, 2);
    assert.deepEqual(
      res.attempts?.map((a) => [a.name, a.status]),
      [
        ["text-embedding-3-small~error=503", 503],
        ["gemini-embedding-001", 200],
      ],
    );
  } finally {
    await g.close();
  }
});
