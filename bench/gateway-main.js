// Bench child entry, as `bin/switchyard.js` starts the CLI: the compile cache is on before the
// first TypeScript module loads, so a warm start never loads the type stripper.
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./gateway-proc.ts");
