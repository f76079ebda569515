/**
 * Validates values against the official OpenAI OpenAPI document
 * (`../shared/wire/specs/openai/openapi.yaml`, OpenAPI 3.1 = JSON Schema 2020-12) with ajv.
 * The document is parsed once; each schema is compiled on first use.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { requireWire } from "./wire.ts";

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  const doc = parse(readFileSync(join(requireWire(), "specs/openai/openapi.yaml"), "utf8")) as {
    components: { schemas: Record<string, unknown> };
  };
  const a = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats.default(a);
  a.addFormat("unixtime", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
  a.addSchema({ $id: "openai", components: repair(doc.components) }, "openai");
  ajv = a;
  return a;
}

/** Errors (empty when valid) of `value` against `#/components/schemas/<name>`. */
export function validateOpenAI(name: string, value: unknown): string[] {
  let v = compiled.get(name);
  if (v === undefined) {
    v = instance().compile({ $ref: `openai#/components/schemas/${name}` });
    compiled.set(name, v);
  }
  if (v(value)) return [];
  return (v.errors ?? [])
    .slice(0, 20)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/**
 * Two repairs before compiling. The document still uses OpenAPI 3.0's `nullable` in places; ajv (JSON Schema 2020-12)
 * rejects `nullable` without `type`. Rewrite `{type: T, nullable: true}` as `type: [T, "null"]`
 * and drop a bare `nullable`.
 */
function repair<T>(node: T): T {
  if (Array.isArray(node)) {
    for (const x of node) repair(x);
  } else if (typeof node === "object" && node !== null) {
    const o = node as Record<string, unknown>;
    if ("nullable" in o && typeof o.nullable === "boolean") {
      if (o.nullable === true && typeof o.type === "string") o.type = [o.type, "null"];
      delete o.nullable;
    }
    // The document's `oneOf`s overlap (a list-content message is both an EasyInputMessage and
    // an InputMessage), so real bodies OpenAI accepts fail `oneOf`; `anyOf` is what it means.
    if (Array.isArray(o.oneOf)) {
      o.anyOf = o.oneOf;
      delete o.oneOf;
    }
    for (const k in o) repair(o[k]);
  }
  return node;
}
