/**
 * Where a JSON text first goes wrong, for a 400 that tells the caller where to look. Only
 * run after `JSON.parse` has failed (V8's messages do not always carry a position, and some
 * quote the input back), so the hot path never pays for it.
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  expected: string;
}

/** Deeper than this, the scanner gives up on naming the place (it recurses). */
const MAX_DEPTH = 1_000;

class Fail {
  readonly at: number;
  readonly expected: string;
  constructor(at: number, expected: string) {
    this.at = at;
    this.expected = expected;
  }
}

export function locateJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else throw new Fail(i, "a JSON value");
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Fail(i, "a closing '\"'");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Fail(i, "no raw control character inside a string (escape it)");
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Fail(i, "\\u followed by 4 hex digits");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Fail(i, "a valid escape sequence");
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null || m[0] === "" || m[0] === "-") throw new Fail(i, "a JSON value");
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new RangeError("too deep");
    ws();
    const c = text[i];
    switch (c) {
      case "{": {
        i++;
        ws();
        if (text[i] === "}") {
          i++;
          return;
        }
        for (;;) {
          ws();
          if (text[i] !== '"') throw new Fail(i, "a property name in double quotes");
          string();
          ws();
          if (text[i] !== ":") throw new Fail(i, "':' after the property name");
          i++;
          value(depth + 1);
          ws();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "}") {
            i++;
            return;
          }
          throw new Fail(i, "',' or '}'");
        }
      }
      case "[": {
        i++;
        ws();
        if (text[i] === "]") {
          i++;
          return;
        }
        for (;;) {
          value(depth + 1);
          ws();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "]") {
            i++;
            return;
          }
          throw new Fail(i, "',' or ']'");
        }
      }
      case '"':
        string();
        return;
      case "t":
        literal("true");
        return;
      case "f":
        literal("false");
        return;
      case "n":
        literal("null");
        return;
      default:
        number();
    }
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Fail(i, "the end of the body after the JSON value");
    return undefined;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    if (!(e instanceof Fail)) throw e;
    return { offset: e.at, ...lineColumn(text, e.at), expected: e.expected };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < offset; k = text.indexOf("\n", k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The caller-facing message for a body that is not JSON. */
export function describeJsonError(text: string): string {
  if (text.trim() === "") return "request body is empty: expected a JSON object";
  const e = locateJsonError(text);
  if (e === undefined) return "request body is not valid JSON";
  const where = e.offset >= text.length ? "at the end of the body" : `at line ${e.line}, column ${e.column}`;
  return `request body is not valid JSON: expected ${e.expected} ${where} (offset ${e.offset})`;
}
