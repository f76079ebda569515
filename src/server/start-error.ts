/** A reason not to start, for the user (no stack trace). */
export class StartError extends Error {
  override readonly name = "StartError";
}
