// Reads a .vsix (a zip) without an unzip tool: the central directory at its end lists every
// entry; each entry is stored or deflated. Enough for the packages vsce writes (no zip64).
import { readFileSync } from "node:fs";
import zlib from "node:zlib";

export interface VsixArchive {
  /** Entry paths as the zip lists them, e.g. `extension/dist/extension.js`, sorted. */
  paths: string[];
  read(path: string): Buffer;
  text(path: string): string;
}

export function readVsix(file: string): VsixArchive {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, { method: number; size: number; local: number }>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    entries.set(name, { method: zip.readUInt16LE(at + 10), size: zip.readUInt32LE(at + 20), local: zip.readUInt32LE(at + 42) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  const read = (path: string): Buffer => {
    const entry = entries.get(path);
    if (!entry) throw new Error(`${file} has no ${path}`);
    const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
    const data = zip.subarray(start, start + entry.size);
    if (entry.method === 0) return Buffer.from(data);
    if (entry.method === 8) return zlib.inflateRawSync(data);
    throw new Error(`${file}: ${path} uses compression method ${entry.method}`);
  };
  return { paths: [...entries.keys()].sort(), read, text: (path) => read(path).toString("utf8") };
}
