/** Where `switchyard serve` listens unless told otherwise (its own file: the CLI's help text needs no server). */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 4000;
