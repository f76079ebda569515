import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeJsonError, locateJsonError } from "./json-error.ts";

describe("locateJsonError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const t of ['{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', " [] ", '"x"', "0", '{"a":{}}']) {
      JSON.parse(t);
      assert.equal(locateJsonError(t), undefined, t);
    }
  });

  it("names where and what", () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['{"a": 1,}', 1, 9, /property name/],
      ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /',' or '}'/],
      ["{'a': 1}", 1, 2, /double quotes/],
      ["[1, 2", 1, 6, /',' or ']'/],
      ['{"a": tru}', 1, 7, /JSON value/],
      ['{"a": 1} x', 1, 10, /end of the body/],
      ['{"a": "\t"}', 1, 8, /control character/],
      ['{"a": 01}', 1, 8, /',' or '}'/],
    ];
    for (const [text, line, column, expected] of cases) {
      assert.throws(() => JSON.parse(text));
      const e = locateJsonError(text);
      assert.ok(e, text);
      assert.equal(e.line, line, text);
      assert.equal(e.column, column, text);
      assert.match(e.expected, expected, text);
    }
  });

  it("messages", () => {
    assert.equal(describeJsonError("  "), "request body is empty: expected a JSON object");
    assert.match(describeJsonError('{"a":'), /at the end of the body/);
    assert.match(
      describeJsonError('{"a" 1}'),
      /expected ':' after the property name at line 1, column 6 \(offset 5\)/,
    );
  });

  it("survives absurd nesting", () => {
    const deep = "[".repeat(200_000);
    assert.equal(locateJsonError(deep), undefined);
    assert.equal(describeJsonError(deep), "request body is not valid JSON");
  });
});
