import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBody } from "./error-body.ts";

test("JSON text is parsed; other text and non-strings pass through unchanged", () => {
  assert.deepEqual(parseBody('{"error":{"message":"m"}}'), { error: { message: "m" } });
  assert.equal(parseBody("<html>Bad gateway</html>"), "<html>Bad gateway</html>");
  assert.equal(parseBody(""), "");
  const obj = { error: "x" };
  assert.equal(parseBody(obj), obj);
  assert.equal(parseBody(undefined), undefined);
});
