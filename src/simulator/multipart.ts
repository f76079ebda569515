import { invalidRequest } from "../ir/error.ts";

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A `multipart/form-data` body into its parts (enough for the transcription endpoint: field
 * names, file names and bytes; no nested multiparts, no transfer encodings).
 * @see https://www.rfc-editor.org/rfc/rfc7578
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (contentType === undefined || !/^multipart\/form-data/i.test(contentType) || m === null) {
    throw invalidRequest("body", "a multipart/form-data body with a boundary");
  }
  const delimiter = Buffer.from(`--${(m[1] ?? m[2]!).trim()}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw invalidRequest("body", "a multipart body that opens with its boundary");
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing `--boundary--`
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headEnd = body.indexOf("\r\n\r\n", pos);
    if (headEnd === -1) throw invalidRequest("body", "part headers ended by a blank line");
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headEnd + 4);
    if (next === -1) throw invalidRequest("body", "a closing multipart boundary");
    const head = body.toString("utf8", pos, headEnd);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      const part: FormPart = { name, data: body.subarray(headEnd + 4, next) };
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      if (filename !== undefined) part.filename = filename;
      const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1];
      if (type !== undefined) part.contentType = type.trim();
      parts.push(part);
    }
    pos = next + 2;
  }
  return parts;
}

/** The text fields of a form (the last value of each name). */
export function formFields(parts: readonly FormPart[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of parts) if (p.filename === undefined) out.set(p.name, p.data.toString("utf8"));
  return out;
}
