import { type Deployment, type ResolveOptions, resolveModel } from "./resolve.ts";
import type { Candidate } from "./route.ts";
import { catalogInfo, type ModelInfo } from "./scores.ts";

/**
 * From a route's candidates (names as the caller wrote them) to deployments (provider +
 * model id), the unit that stats, cooldown and attempts are keyed by. Pure.
 */

/** A candidate bound to the deployment it resolved to; its knobs are kept. */
export interface DeploymentCandidate extends Candidate {
  deployment: Deployment;
  /** The candidate's id as written, before it became the deployment key. */
  name: string;
}

/** The key stats and cooldown are kept under: `provider/model`. */
export function deploymentKey(d: Deployment): string {
  return `${d.provider}/${d.model}`;
}

/**
 * Resolves each candidate through `resolveModel` (aliases, `provider/model`, catalog,
 * prefixes). A candidate that is an alias of several deployments becomes several, in order,
 * with its knobs; a deployment reached twice is kept once, at its first place. The `id`
 * becomes the deployment key, so `ctx.key` can stay the default. Unknown names throw
 * `resolveModel`'s 404 naming the model.
 */
export function toDeployments(candidates: readonly Candidate[], opts: ResolveOptions): DeploymentCandidate[] {
  const out: DeploymentCandidate[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    for (const d of resolveModel(c.id, opts)) {
      const key = deploymentKey(d);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...c, id: key, name: c.id, deployment: d });
    }
  }
  return out;
}

/** Catalog info of a resolved candidate, by its deployment's model id. */
export function deploymentInfo(c: Candidate): ModelInfo | undefined {
  const d = (c as Partial<DeploymentCandidate>).deployment;
  return d === undefined ? catalogInfo(c.id) : (catalogInfo(d.model) ?? catalogInfo(c.id));
}
