import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import {
  annotateFromGrounding,
  byteIndexAtChar,
  charIndexAtByte,
  groundingFromCitations,
  webSearchCallFrom,
} from "./citations.ts";
import type { OutputText } from "./model-turn.ts";

test("UTF-8 byte offsets and UTF-16 indices convert both ways", () => {
  const s = "69°F — 🌤 ok";
  for (let i = 0; i <= s.length; i++) {
    if (i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) < 0xdc00) continue; // inside a pair
    assert.equal(charIndexAtByte(s, byteIndexAtChar(s, i)), i);
  }
  assert.equal(byteIndexAtChar(s, 3), 4); // "°" is two bytes
});

test("grounding supports become url_citation annotations on the part they point into", () => {
  const text = "Intro. It is 69°F today. Rain later.";
  const start = byteIndexAtChar(text, 7);
  const end = byteIndexAtChar(text, 24);
  const gm = {
    webSearchQueries: ["weather sf"],
    groundingChunks: [
      { web: { uri: "https://a.example", title: "A" } },
      { web: { uri: "https://b.example" } },
    ],
    groundingSupports: [
      {
        segment: { startIndex: start, endIndex: end, text: "It is 69°F today." },
        groundingChunkIndices: [0, 1],
      },
      { segment: { partIndex: 5, startIndex: 0, endIndex: 2 }, groundingChunkIndices: [0] },
    ],
  };
  const part: OutputText = { type: "output_text", text, annotations: [] };
  annotateFromGrounding(gm, new Map([[1, part]]));
  assert.deepEqual(part.annotations, [
    { type: "url_citation", start_index: 7, end_index: 24, url: "https://a.example", title: "A" },
    { type: "url_citation", start_index: 7, end_index: 24, url: "https://b.example", title: "" },
  ]);
  assert.deepEqual(webSearchCallFrom(gm, "ws_1"), {
    type: "web_search_call",
    id: "ws_1",
    status: "completed",
    action: {
      type: "search",
      query: "weather sf",
      queries: ["weather sf"],
      sources: [
        { type: "url", url: "https://a.example" },
        { type: "url", url: "https://b.example" },
      ],
    },
  });
  assert.equal(webSearchCallFrom({ groundingChunks: [] }, "ws"), undefined);
});

test("citations from elsewhere become grounding metadata; other annotations are reported", () => {
  const text = "Größe matters. See docs.";
  const dropped: Dropped[] = [];
  const gm = groundingFromCitations(
    [
      {
        partIndex: 1,
        text,
        path: "output[0].content[0]",
        annotations: [
          { type: "url_citation", start_index: 0, end_index: 14, url: "https://x", title: "X" },
          { type: "url_citation", start_index: 0, end_index: 14, url: "https://y", title: "" },
          { type: "file_citation", file_id: "f", filename: "f.txt", index: 3 },
        ],
      },
    ],
    ["q"],
    dropped,
  );
  assert.deepEqual(gm, {
    webSearchQueries: ["q"],
    groundingChunks: [{ web: { uri: "https://x", title: "X" } }, { web: { uri: "https://y" } }],
    groundingSupports: [
      {
        segment: { startIndex: 0, endIndex: 16, text: "Größe matters.", partIndex: 1 },
        groundingChunkIndices: [0, 1],
      },
    ],
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    ["output[0].content[0].annotations[2]"],
  );
  assert.equal(groundingFromCitations([], [], []), undefined);
});
