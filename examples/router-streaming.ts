/**
 * Streaming through the Router, offline: Responses stream events from any provider, and the
 * RouterResponse as the generator's last step. Run: `node examples/router-streaming.ts`.
 */
import { Router } from "../src/client/router.ts";
import { startSimulator } from "../src/simulator/index.ts";

const sim = await startSimulator({ port: 0 });
// provider configs work as well as SDK clients
const router = new Router()
  .register("claude", { type: "anthropic", apiKey: "sk-demo", baseURL: sim.url })
  .register("gemini", { type: "gemini", apiKey: "demo", baseURL: sim.url });

try {
  for (const model of ["claude/claude-haiku-4-5", "gemini-2.5-flash~tps=200"]) {
    const stream = router.create({ model, input: "Stream me a short answer, please.", stream: true });
    process.stdout.write(`${model}: `);
    let step = await stream.next();
    while (step.done !== true) {
      if (step.value.type === "response.output_text.delta") process.stdout.write(step.value.delta);
      step = await stream.next();
    }
    const res = step.value;
    console.log(`\n  ${res.status}, stop ${res.stopReason?.kind}, usage ${JSON.stringify(res.usage)}`);
  }
} finally {
  await router.close();
  await sim.close();
}
