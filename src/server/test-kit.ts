/** Test helpers for the server: a fake core and a server on a free loopback port. */
import type { AddressInfo } from "node:net";
import type {
  AuxRequest,
  Gateway,
  GatewayRequest,
  GatewayResult,
  ModelListing,
} from "../core/gateway-types.ts";
import { createServer, type GatewayServer, type ServerOptions } from "./server.ts";

export interface FakeGateway extends Gateway {
  calls: GatewayRequest[];
  auxCalls: AuxRequest[];
  closed: boolean;
}

export const FAKE_MODELS: ModelListing[] = [
  {
    id: "gpt-4o-mini",
    object: "model",
    created: 1_700_000_000,
    owned_by: "openai",
    capabilities: ["chat", "tools", "vision"],
    pricing: { input: 0.15e-6, output: 0.6e-6 },
    limits: { context_window: 128_000, max_output_tokens: 16_384 },
  },
  {
    id: "fast",
    object: "model",
    created: 1_700_000_000,
    owned_by: "switchyard",
    capabilities: ["chat"],
    targets: ["gpt-4o-mini"],
  },
];

/** A core that echoes what it was asked, or answers with `answer(req)`. */
export function fakeGateway(
  answer?: (req: GatewayRequest) => GatewayResult | Promise<GatewayResult>,
  aux?: (req: AuxRequest) => GatewayResult | Promise<GatewayResult>,
): FakeGateway {
  const g: FakeGateway = {
    calls: [],
    auxCalls: [],
    closed: false,
    async handle(req) {
      g.calls.push(req);
      if (answer !== undefined) return answer(req);
      return {
        kind: "json",
        status: 200,
        headers: { "x-switchyard-provider": "fake" },
        body: {
          surface: req.surface,
          model: req.model,
          stream: req.stream,
          framing: req.framing,
          echo: req.body,
        },
      };
    },
    async handleAux(req) {
      g.auxCalls.push(req);
      if (aux !== undefined) return aux(req);
      const body =
        req.body instanceof Uint8Array
          ? { bytes: req.body.byteLength, contentType: req.contentType }
          : req.body;
      return {
        kind: "json",
        status: 200,
        headers: { "x-switchyard-provider": "fake" },
        body: { endpoint: req.endpoint, body },
      };
    },
    models: () => FAKE_MODELS,
    async close() {
      g.closed = true;
    },
  };
  return g;
}

export interface Running {
  server: GatewayServer;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(opts: ServerOptions): Promise<Running> {
  const server = createServer(opts);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.shutdown(100);
    },
  };
}
