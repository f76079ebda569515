/**
 * The embedded default, started the way `npm start` starts it (no provider keys → the
 * simulator in-process behind the OpenAI, Anthropic and Gemini providers), on a free
 * loopback port.
 */
import { createGateway } from "../../src/core/index.ts";
import { startGateway } from "../../src/server/start.ts";
import { startSimulator } from "../../src/simulator/index.ts";

export interface Stack {
  url: string;
  /** Any key: with no master key on loopback the gateway accepts requests. */
  key: string;
  close(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const running = await startGateway(
    { host: "127.0.0.1", port: 0, env, quiet: true, log: () => {} },
    { createGateway, startSimulator },
  );
  return {
    url: running.url,
    key: "sk-client",
    close: async () => {
      await running.shutdown(2000);
    },
  };
}
