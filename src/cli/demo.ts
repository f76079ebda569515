/**
 * `switchyard demo`: the library at work, offline. One Anthropic Messages request (system
 * blocks with a cache breakpoint, an image, a tool, extended thinking, top_k) is decoded
 * into the IR and written as each of the other three formats, with what could not cross.
 */

import { FORMATS } from "../formats/registry.ts";
import type { FormatId } from "../ir/stop-reason.ts";

const request = {
  model: "claude-sonnet-4-5",
  max_tokens: 2048,
  system: [{ type: "text", text: "You are a terse assistant.", cache_control: { type: "ephemeral" } }],
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What is in this picture, and what is the weather there?" },
        { type: "image", source: { type: "url", url: "https://example.com/harbour.jpg" } },
      ],
    },
  ],
  tools: [
    {
      name: "get_weather",
      description: "Current weather for a city",
      input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  ],
  tool_choice: { type: "auto" },
  thinking: { type: "enabled", budget_tokens: 4096 },
  top_k: 40,
};

export function demo(write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const source: FormatId = "anthropic-messages";
  const ir = FORMATS[source].decodeRequest(request);
  write(`An ${source} request, decoded into the IR (the OpenAI Responses API + interop):\n\n`);
  write(`${JSON.stringify(ir.value, null, 2)}\n\n`);
  for (const target of Object.keys(FORMATS) as FormatId[]) {
    if (target === source) continue;
    const out = FORMATS[target].encodeRequest(ir.value);
    write(`── as ${target} ──\n${JSON.stringify(out.value, null, 2)}\n`);
    if (out.dropped.length > 0) {
      write(
        `dropped (never silently):\n${out.dropped.map((d) => `  - ${d.path}: ${d.reason}`).join("\n")}\n`,
      );
    }
    write("\n");
  }
}
