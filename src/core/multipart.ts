/**
 * Just enough `multipart/form-data` to read and rewrite one text field (the `model` of an
 * audio transcription) without touching the other parts' bytes: the file part is copied, not
 * parsed. Anything this cannot read returns `undefined`, and the caller says so.
 * @see https://www.rfc-editor.org/rfc/rfc7578
 */

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data/i.test(contentType.trim())) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

interface Field {
  /** Byte range of the field's value. */
  start: number;
  end: number;
}

const CRLF2 = Buffer.from("\r\n\r\n");

function findField(body: Buffer, boundary: string, name: string): Field | undefined {
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const headersStart = pos + delim.length + 2; // past the CRLF after the delimiter
    if (body[pos + delim.length] === 0x2d && body[pos + delim.length + 1] === 0x2d) return undefined; // closing `--`
    const headersEnd = body.indexOf(CRLF2, headersStart);
    if (headersEnd === -1) return undefined;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    if (next === -1) return undefined;
    const headers = body.subarray(headersStart, headersEnd).toString("latin1");
    if (fieldName(headers) === name) return { start: headersEnd + 4, end: next };
    pos = next + 2;
  }
  return undefined;
}

function fieldName(headers: string): string | undefined {
  for (const line of headers.split("\r\n")) {
    if (!/^content-disposition\s*:/i.test(line)) continue;
    return /;\s*name="([^"]*)"/i.exec(line)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(line)?.[1];
  }
  return undefined;
}

/** The text value of field `name`, or undefined. */
export function readField(
  body: Uint8Array,
  contentType: string | undefined,
  name: string,
): string | undefined {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const f = findField(buf, boundary, name);
  return f === undefined ? undefined : buf.subarray(f.start, f.end).toString("utf8");
}

/** The body with field `name`'s value replaced (every other byte unchanged), or undefined. */
export function replaceField(
  body: Uint8Array,
  contentType: string | undefined,
  name: string,
  value: string,
): Uint8Array | undefined {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const f = findField(buf, boundary, name);
  if (f === undefined) return undefined;
  return Buffer.concat([buf.subarray(0, f.start), Buffer.from(value, "utf8"), buf.subarray(f.end)]);
}
