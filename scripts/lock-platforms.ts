/**
 * The npm registry this project installs from serves only the platform packages of the
 * machines it runs on (e.g. `@biomejs/cli-linux-x64`), so `npm install` leaves the other
 * platforms' optional packages out of package-lock.json — and `npm ci` then refuses the
 * lockfile as out of sync. This adds a stub entry (version, os, cpu, libc; optional) for each
 * missing platform package named in an `optionalDependencies`; `npm ci` skips them by
 * platform without fetching. Run it after changing dependencies: `npm run lock:platforms`.
 */
import { readFileSync, writeFileSync } from "node:fs";

interface LockEntry {
  version?: string;
  dev?: boolean;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const OS = ["android", "darwin", "freebsd", "linux", "netbsd", "openbsd", "sunos", "win32", "aix"];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "mips64el", "ppc64", "riscv64", "s390x"];

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockEntry> };
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target] !== undefined) continue;
    const parts = name.split("/").at(-1)!.split("-");
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (os === undefined || cpu === undefined) continue;
    const stub: LockEntry = { version, optional: true, os: [os], cpu: [cpu] };
    if (parts.includes("musl")) stub.libc = ["musl"];
    if (entry.dev === true) stub.dev = true;
    lock.packages[target] = stub;
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} platform stub(s)`);
