/** Byte-writing helpers shared by the video sample writers. */
export const ascii = (text: string) => Buffer.from(text, 'latin1');
export const u16le = (value: number) => [value & 0xff, (value >> 8) & 0xff];
export const u16be = (value: number) => [(value >> 8) & 0xff, value & 0xff];
export function u32be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}
export function u64be(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}
export type Part = Buffer | Uint8Array | number[];
export const join = (...parts: Part[]) =>
  Buffer.concat(parts.map((part) => Buffer.from(part)));
