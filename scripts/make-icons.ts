// Draws the toolbar icons (public/icons/icon-<size>.png) with no image tools:
// a rounded blue square, a white "preflight" arrow pair and a red dot.
// Run: npx tsx scripts/make-icons.ts (output is committed).
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const p = pixel(x, y);
      raw.set(p, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function icon(size: number): Buffer {
  const S = 4; // supersampling for smooth edges
  return png(size, (px, py) => {
    let acc = [0, 0, 0, 0];
    for (let sy = 0; sy < S; sy++)
      for (let sx = 0; sx < S; sx++) {
        const x = (px + (sx + 0.5) / S) / size;
        const y = (py + (sy + 0.5) / S) / size;
        const c = shade(x, y);
        acc = acc.map((v, i) => v + c[i]!);
      }
    const a = acc[3]! / (S * S);
    if (a === 0) return [0, 0, 0, 0];
    return [acc[0]! / acc[3]!, acc[1]! / acc[3]!, acc[2]! / acc[3]!, a].map((v) =>
      Math.round(v * 255),
    ) as [number, number, number, number];
  });
}

// Returns premultiplied-ish [r*a, g*a, b*a, a] in 0..1 (a is 0..255 scale for alpha sum).
function shade(x: number, y: number): [number, number, number, number] {
  const r = 0.2;
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  let col: [number, number, number] = [0x1a / 255, 0x73 / 255, 0xe8 / 255];
  // two arrows: request (top, pointing right), response (bottom, pointing left)
  const inArrow = (yc: number, dir: 1 | -1) => {
    const shaft = Math.abs(y - yc) < 0.055 && x > 0.2 && x < 0.8;
    const tipX = dir === 1 ? 0.82 : 0.18;
    const headDist = dir === 1 ? tipX - x : x - tipX;
    const head = headDist >= 0 && headDist < 0.2 && Math.abs(y - yc) < headDist * 0.9;
    return shaft || head;
  };
  if (inArrow(0.36, 1) || inArrow(0.64, -1)) col = [1, 1, 1];
  const ddx = x - 0.78;
  const ddy = y - 0.78;
  if (ddx * ddx + ddy * ddy < 0.16 * 0.16) col = ddx * ddx + ddy * ddy < 0.12 * 0.12 ? [0xd9 / 255, 0x30 / 255, 0x25 / 255] : [1, 1, 1];
  return [col[0], col[1], col[2], 1];
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, icon(size));
console.log('wrote public/icons/icon-{16,32,48,128}.png');
