// Draws marketplace/icon.png (128×128): a staircase of three steps on a dark rounded square, and
// a breakpoint dot on the first step. Written as a PNG with node's zlib, no image library; shapes are
// sampled 4×4 per pixel so their edges are smooth.
//
//   node --import tsx packaging/draw-icon.ts     (the PNG is committed; run this only to change it)
import { writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const SIZE = 128;
const SAMPLES = 4;

type Rgba = [number, number, number, number];
type Shape = { color: Rgba; contains: (x: number, y: number) => boolean };

const roundedRect = (x0: number, y0: number, x1: number, y1: number, r: number) => (x: number, y: number) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

// Painted in order; later shapes cover earlier ones.
const SHAPES: Shape[] = [
  { color: [17, 24, 39, 255], contains: roundedRect(4, 4, 124, 124, 24) },
  { color: [52, 211, 153, 255], contains: roundedRect(16, 82, 60, 108, 4) },
  { color: [45, 212, 191, 255], contains: roundedRect(46, 58, 86, 108, 4) },
  { color: [56, 189, 248, 255], contains: roundedRect(72, 34, 112, 108, 4) },
  { color: [241, 76, 76, 255], contains: circle(32, 66, 11) },
];

function pixel(px: number, py: number): Rgba {
  const sum = [0, 0, 0, 0];
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      let color: Rgba = [0, 0, 0, 0];
      for (const shape of SHAPES) if (shape.contains(x, y)) color = shape.color;
      // Premultiplied, so transparent samples do not darken an edge.
      sum[0] += (color[0] * color[3]) / 255;
      sum[1] += (color[1] * color[3]) / 255;
      sum[2] += (color[2] * color[3]) / 255;
      sum[3] += color[3];
    }
  }
  const n = SAMPLES * SAMPLES;
  const alpha = sum[3] / n;
  if (alpha === 0) return [0, 0, 0, 0];
  return [Math.round((sum[0] / n) * (255 / alpha)), Math.round((sum[1] / n) * (255 / alpha)), Math.round((sum[2] / n) * (255 / alpha)), Math.round(alpha)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function drawIcon(): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0: none
    for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(row, 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const out = path.resolve(__dirname, "..", "marketplace", "icon.png");
  writeFileSync(out, drawIcon());
  console.log(`wrote ${out}`);
}
