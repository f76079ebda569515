/** A config file the gateway cannot start with: every problem, with its key path and line. */
export interface ConfigIssue {
  /** Dotted key path, e.g. `providers.openai.base_url`. */
  path: string;
  line?: number;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly issues: readonly ConfigIssue[];
  constructor(file: string, issues: readonly ConfigIssue[]) {
    const lines = issues.map(
      (i) => `  ${file}${i.line === undefined ? "" : `:${i.line}`}: ${i.path}: ${i.message}`,
    );
    super(`invalid config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.issues = issues;
  }
}
