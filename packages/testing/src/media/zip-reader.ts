import { crc32 } from 'node:zlib';

/** One file read back from a stored zip archive. */
export interface StoredZipEntry {
  name: string;
  data: Uint8Array;
  /** The CRC-32 the central directory states (checked against `data`). */
  crc: number;
}

const END_RECORD = 22;

/**
 * Reads a zip of stored (uncompressed) entries the way unzip does: from the
 * end record through the central directory to each local header. For tests
 * of what a provider uploads (a trainer's photo archive). Throws on anything
 * unzip would refuse: a missing record, a compressed entry, a local header
 * or CRC-32 that disagrees with the directory.
 */
export function readStoredZip(bytes: Uint8Array): StoredZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - END_RECORD;
  check(end >= 0 && view.getUint32(end, true) === 0x06054b50, 'end record');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  check(at + directorySize === end, 'central directory position');
  const entries: StoredZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    check(view.getUint32(at, true) === 0x02014b50, 'central record');
    check(view.getUint16(at + 10, true) === 0, 'stored method');
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(
      bytes.subarray(at + 46, at + 46 + nameLength),
    );
    check(view.getUint32(local, true) === 0x04034b50, 'local header');
    check(view.getUint32(local + 14, true) === crc, 'local CRC-32');
    const start = local + 30 + view.getUint16(local + 26, true);
    const data = bytes.slice(start, start + size);
    check(crc32(data) >>> 0 === crc, `CRC-32 of ${name}`);
    entries.push({ name, data, crc });
    at += 46 + nameLength;
  }
  return entries;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`not a stored zip: bad ${what}`);
}
