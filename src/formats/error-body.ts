/** An error body as sent: JSON text is parsed, anything else (HTML, plain text, objects) is returned as is. */
export function parseBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
