/** Where a command writes, so commands can be run and checked in tests. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
}

export const processIO: CliIO = {
  out: (s) => {
    process.stdout.write(s);
  },
  err: (s) => {
    process.stderr.write(s);
  },
};
