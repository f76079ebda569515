import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { formFields, parseMultipart } from "./multipart.ts";

test("fields and files of a form, as FormData sends them", async () => {
  const form = new FormData();
  form.set("model", "whisper-1");
  form.set("file", new Blob([new Uint8Array([0, 1, 2, 13, 10, 45, 45])], { type: "audio/wav" }), "a.wav");
  form.set("response_format", "verbose_json");
  const req = new Request("http://x/", { method: "POST", body: form });
  const body = Buffer.from(await req.arrayBuffer());
  const parts = parseMultipart(body, req.headers.get("content-type") ?? undefined);
  const file = parts.find((p) => p.name === "file");
  assert.equal(file?.filename, "a.wav");
  assert.equal(file?.contentType, "audio/wav");
  assert.deepEqual([...(file?.data ?? [])], [0, 1, 2, 13, 10, 45, 45]);
  assert.deepEqual(Object.fromEntries(formFields(parts)), {
    model: "whisper-1",
    response_format: "verbose_json",
  });
});

test("not multipart, or cut short: invalid_request", () => {
  const bad = (body: string, type: string | undefined) =>
    assert.throws(
      () => parseMultipart(Buffer.from(body), type),
      (e: unknown) => e instanceof SwitchyardError,
    );
  bad("{}", "application/json");
  bad("x", undefined);
  bad('--b\r\ncontent-disposition: form-data; name="a"\r\n\r\nvalue', "multipart/form-data; boundary=b");
  bad("nothing", "multipart/form-data; boundary=b");
});
