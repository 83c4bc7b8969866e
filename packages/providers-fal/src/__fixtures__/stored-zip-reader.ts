/** One file read back from a zip archive. */
export interface ReadZipEntry {
  name: string;
  data: Uint8Array;
  /** The CRC-32 the central directory states. */
  crc: number;
}

/**
 * Reads a zip of stored (uncompressed) entries through its central
 * directory, for tests: enough to check what the provider uploads.
 */
export function readStoredZip(bytes: Uint8Array): ReadZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - 22;
  if (view.getUint32(end, true) !== 0x06054b50) {
    throw new Error('no end of central directory record');
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ReadZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (view.getUint32(at, true) !== 0x02014b50) {
      throw new Error('bad central directory record');
    }
    if (view.getUint16(at + 10, true) !== 0) throw new Error('not stored');
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(
      bytes.subarray(at + 46, at + 46 + nameLength),
    );
    const localNameLength = view.getUint16(local + 26, true);
    const start = local + 30 + localNameLength;
    entries.push({ name, crc, data: bytes.slice(start, start + size) });
    at += 46 + nameLength;
  }
  return entries;
}
