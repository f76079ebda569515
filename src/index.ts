export * from "./ir/index.ts";
