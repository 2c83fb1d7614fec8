// An executable shipped as `<name>.br` and inflated beside itself on first activation.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import zlib from "node:zlib";
import { inflatePackedExecutables, packExecutable } from "../packaging/packed-executable";

const work = mkdtempSync(path.join(os.tmpdir(), "stepwise-packed-"));
after(() => rmSync(work, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const CONTENT = Buffer.from(`#!/bin/sh\necho ${"step ".repeat(200)}\n`);

test("a packed executable inflates to the same bytes beside its .br, executable", async () => {
  const dir = folder("roundtrip");
  writeFileSync(path.join(dir, "tool.original"), CONTENT);
  mkdirSync(path.join(dir, "pkg", "bin"), { recursive: true });
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "pkg", "bin", "tool.br"));
  assert.ok(statSync(path.join(dir, "pkg", "bin", "tool.br")).size < CONTENT.length);

  const written = await inflatePackedExecutables(path.join(dir, "pkg"));
  assert.deepEqual(written, [path.join(dir, "pkg", "bin", "tool")]);
  assert.ok(readFileSync(path.join(dir, "pkg", "bin", "tool")).equals(CONTENT));
  if (process.platform !== "win32") assert.equal(statSync(path.join(dir, "pkg", "bin", "tool")).mode & 0o777, 0o755);
});

test("an executable already inflated is left as it is", async () => {
  const dir = folder("again");
  writeFileSync(path.join(dir, "tool.original"), CONTENT);
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "tool.br"));
  writeFileSync(path.join(dir, "tool"), "already here");
  assert.deepEqual(await inflatePackedExecutables(dir), []);
  assert.equal(readFileSync(path.join(dir, "tool"), "utf8"), "already here");
});

test("a folder with nothing packed, or no folder at all, inflates nothing", async () => {
  const dir = folder("plain");
  writeFileSync(path.join(dir, "package.json"), "{}");
  assert.deepEqual(await inflatePackedExecutables(dir), []);
  assert.deepEqual(await inflatePackedExecutables(path.join(work, "no-such-folder")), []);
});

test("a damaged .br is reported in one line naming the file, and leaves no partial file behind", async () => {
  const dir = folder("damaged");
  writeFileSync(path.join(dir, "tool.br"), "not brotli at all");
  await assert.rejects(inflatePackedExecutables(dir), { message: `could not unpack ${path.join(dir, "tool")} (Decompression failed)` });
  assert.deepEqual(readdirSync(dir), ["tool.br"]);
});

test("with a cache folder, the second packing of the same bytes is the cached result", async () => {
  const dir = folder("cached");
  const cache = path.join(dir, "cache");
  writeFileSync(path.join(dir, "tool.original"), CONTENT);
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "first.br"), cache);
  const [cached] = readdirSync(cache);
  assert.match(cached, /^[0-9a-f]{64}-q11\.br$/);
  // A valid cache entry that differs from a fresh compression (quality 1) shows which one was used.
  const quick = zlib.brotliCompressSync(CONTENT, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
  assert.ok(!quick.equals(readFileSync(path.join(dir, "first.br"))));
  writeFileSync(path.join(cache, cached), quick);
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "second.br"), cache);
  assert.ok(readFileSync(path.join(dir, "second.br")).equals(quick));
});

test("a cache entry that does not inflate to the source is compressed afresh and replaced", async () => {
  const dir = folder("stale-cache");
  const cache = path.join(dir, "cache");
  writeFileSync(path.join(dir, "tool.original"), CONTENT);
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "first.br"), cache);
  const [cached] = readdirSync(cache);
  writeFileSync(path.join(cache, cached), "damaged");
  await packExecutable(path.join(dir, "tool.original"), path.join(dir, "second.br"), cache);
  assert.ok(zlib.brotliDecompressSync(readFileSync(path.join(dir, "second.br"))).equals(CONTENT));
  assert.ok(readFileSync(path.join(cache, cached)).equals(readFileSync(path.join(dir, "second.br"))));
});
