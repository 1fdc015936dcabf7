/** Identifier formats generated from the seeded PRNG, so ids are reproducible for a seed. */
import type { Prng } from './prng.js';

const HEX = '0123456789abcdef';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    BYTE_HEX[value >>> 24]! +
    BYTE_HEX[(value >>> 16) & 255]! +
    BYTE_HEX[(value >>> 8) & 255]! +
    BYTE_HEX[value & 255]!
  );
}

/** n lowercase hex digits. */
export function randomHex(prng: Prng, digits: number): string {
  let out = '';
  while (out.length + 8 <= digits) out += hex32(prng.uint32());
  for (let i = out.length; i < digits; i++) out += HEX[prng.uint32() & 15];
  return out;
}

export function randomBase62(prng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[prng.uint32() % 62];
  return out;
}

/** RFC 9562 version 4 UUID. */
export function uuidV4(prng: Prng): string {
  const a = hex32(prng.uint32());
  const b = prng.uint32();
  const c = prng.uint32();
  const d = hex32(prng.uint32());
  const timeMid = hex32(b).slice(0, 4);
  const timeHi = '4' + hex32(b).slice(5, 8);
  const variant = HEX[8 + (c >>> 30)] + hex32(c).slice(1, 4);
  const node = hex32(c).slice(4, 8) + d;
  return `${a}-${timeMid}-${timeHi}-${variant}-${node}`;
}

/** RFC 9562 version 7 UUID: 48-bit ms timestamp, then random bits (Codex conversation ids). */
export function uuidV7(prng: Prng, unixMs: number): string {
  const ts = Math.max(0, Math.floor(unixMs)).toString(16).padStart(12, '0').slice(-12);
  const r1 = prng.uint32();
  const r2 = prng.uint32();
  const r3 = hex32(prng.uint32());
  const ver = '7' + hex32(r1).slice(0, 3);
  const variant = HEX[8 + (r2 >>> 30)] + hex32(r2).slice(1, 4);
  const node = hex32(r2).slice(4, 8) + r3;
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-${ver}-${variant}-${node}`;
}
