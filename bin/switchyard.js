#!/usr/bin/env node
// The CLI is TypeScript run by Node's type stripping (Node ≥ 22.18 / 23.6). The compile cache
// is enabled before the first TypeScript module loads: a start after the first then reads the
// stripped, compiled code from the cache and never loads the stripper (≈15 MB less resident).
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("../src/cli/main.ts");
