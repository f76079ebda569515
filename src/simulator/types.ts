/** The simulator's public contract (implementation: the other files of this folder). */
export interface SimulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve recorded fixtures from this folder (`../shared/wire` layout) instead of generating answers. */
  replayDir?: string;
}

export interface RunningSimulator {
  /** `http://host:port`: the base for every provider (OpenAI paths under `/v1`, Anthropic `/v1/messages`, Gemini `/v1beta/...`). */
  url: string;
  close(): Promise<void>;
}
