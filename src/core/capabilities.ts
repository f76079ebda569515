import { SwitchyardError } from "../ir/error.ts";
import { type IRRequest, inputItems } from "../ir/request.ts";
import { catalogModel } from "../providers/catalog.ts";
import type { Capability } from "../providers/spec.ts";
import type { Deployment } from "../routing/resolve.ts";

/**
 * Fails fast, with a clear 400, when the catalog says the model cannot do what the request
 * needs (chat at all, tools, image input). Models the catalog does not know are let through:
 * the provider decides.
 */
export function checkCapabilities(ir: IRRequest, d: Deployment): void {
  const known = catalogModel(d.model);
  if (known === undefined || known.provider !== d.provider) return;
  const caps = known.capabilities;
  if (!caps.includes("chat")) {
    throw lacks(d, "chat", "model", `it is a model for ${caps.join(", ") || "other endpoints"}`);
  }
  if (ir.tools !== undefined && ir.tools.length > 0 && !caps.includes("tools")) {
    throw lacks(d, "tools", "tools", "it cannot call tools");
  }
  if (!caps.includes("vision") && hasImageInput(ir)) {
    throw lacks(d, "vision", "input", "it does not accept image input");
  }
}

function lacks(d: Deployment, cap: Capability, param: string, why: string): SwitchyardError {
  return new SwitchyardError({
    kind: "invalid_request",
    message: `${d.provider}/${d.model} cannot serve this request: ${why} (capability "${cap}" missing in the model catalog)`,
    param,
    code: "model_capability_missing",
  });
}

function hasImageInput(ir: IRRequest): boolean {
  for (const item of inputItems(ir)) {
    if (item.type !== "message" || typeof item.content === "string") continue;
    for (const part of item.content as ReadonlyArray<{ type?: unknown }>) {
      if (part.type === "input_image") return true;
    }
  }
  return false;
}
