/**
 * A field that could not cross into the target format. Translation may be lossy; it is
 * never silent: every codec returns what it had to leave behind, and the gateway surfaces
 * it (`x-switchyard-dropped`), as does the library's response object.
 */
export interface Dropped {
  /** IR path of the field, e.g. `top_k` or `input[3].content[1]`. */
  path: string;
  /** Why it could not cross, e.g. `no equivalent in anthropic-messages`. */
  reason: string;
}

/** A translated value and what was dropped on the way. */
export interface Translated<T> {
  value: T;
  dropped: Dropped[];
}
