// An executable the .vsix ships brotli-compressed as `<name>.br`, and inflated beside itself the
// first time the extension activates. A .vsix is a zip, and zip's deflate leaves esbuild's 11 MB
// binary at 4.8 MB; brotli at its highest quality makes it 3.7 MB, which keeps the package under
// its 6 MB budget (issue #12). Node has brotli built in, so inflating needs no dependency.
import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

export const PACKED_SUFFIX = ".br";

const compress = promisify(zlib.brotliCompress);
const decompress = promisify(zlib.brotliDecompress);

const BROTLI_PARAMS = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 };

/**
 * Writes `packed`: `source` brotli-compressed. Compressing 11 MB at quality 11 takes about 30 s, so
 * with a `cacheDir` the result is kept there under the source's SHA-256 and reused — after checking
 * that it inflates to the source again (inflating takes a tenth of a second).
 */
export async function packExecutable(source: string, packed: string, cacheDir?: string): Promise<void> {
  const bytes = await readFile(source);
  const cached = cacheDir && path.join(cacheDir, `${createHash("sha256").update(bytes).digest("hex")}-q11${PACKED_SUFFIX}`);
  if (cached && (await inflatesTo(cached, bytes))) {
    await copyFile(cached, packed);
    return;
  }
  const out = await compress(bytes, { params: { ...BROTLI_PARAMS, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  await writeFile(packed, out);
  if (cached) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(`${cached}.${process.pid}.tmp`, out);
    await rename(`${cached}.${process.pid}.tmp`, cached);
  }
}

/**
 * Inflates every `<name>.br` under `dir` (recursively) to an executable `<name>`, unless `<name>`
 * is there already. Returns the files it wrote; a missing `dir` has nothing to inflate.
 * Two windows activating at once each write their own temporary file and rename it into place.
 */
export async function inflatePackedExecutables(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const packed of await packedFilesUnder(dir)) {
    const target = packed.slice(0, -PACKED_SUFFIX.length);
    if (await exists(target)) continue;
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, await decompress(await readFile(packed)), { mode: 0o755 });
      await chmod(temporary, 0o755);
      await rename(temporary, target);
      written.push(target);
    } catch (error) {
      await rm(temporary, { force: true });
      if (await exists(target)) continue;
      throw new Error(`could not unpack ${target} (${(error as Error).message})`);
    }
  }
  return written;
}

// Plain recursion: readdir's `recursive` and Dirent.parentPath are newer than the Node of VS Code 1.90.
async function packedFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
    throw error;
  });
  const found: string[] = [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await packedFilesUnder(file)));
    else if (entry.isFile() && entry.name.endsWith(PACKED_SUFFIX)) found.push(file);
  }
  return found;
}

async function inflatesTo(packed: string, bytes: Buffer): Promise<boolean> {
  try {
    return (await decompress(await readFile(packed))).equals(bytes);
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
