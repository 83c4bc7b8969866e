import { crc32 } from 'node:zlib';

/** One file of a zip archive. */
export interface ZipEntry {
  /** Its name in the archive (UTF-8; `image-01.png`, no folders needed). */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
/** Version 2.0 of the format: what every unzip reads. */
const VERSION = 20;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** DOS date of 1980-01-01 (the format's epoch), time 00:00: archives are reproducible. */
const DOS_DATE = (1 << 5) | 1;
/** The 16- and 32-bit fields' limits (no zip64 here). */
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;

/**
 * A zip archive of `entries`, each stored as is (method 0, no compression):
 * what trainers take as a folder of photos, which are JPEG, PNG or WebP and
 * already compressed, so deflate would cost time and save nothing. The plain
 * PKWARE format (local headers, central directory, end record) with CRC-32
 * from node:zlib, so no archive library is needed; a fixed date makes the
 * same entries give the same bytes. Throws a RangeError past 65,535 entries
 * or 4 GiB.
 *
 * @example
 * ```ts
 * const zip = zipStored([{ name: 'image-01.png', data: png }]);
 * ```
 */
export function zipStored(entries: readonly ZipEntry[]): Uint8Array {
  const names = entries.map((entry) => Buffer.from(entry.name, 'utf8'));
  const dataBytes = entries.reduce((sum, entry) => sum + entry.data.length, 0);
  const nameBytes = names.reduce((sum, name) => sum + name.length, 0);
  const centralSize = entries.length * CENTRAL_HEADER + nameBytes;
  const centralOffset = entries.length * LOCAL_HEADER + nameBytes + dataBytes;
  const total = centralOffset + centralSize + END_RECORD;
  if (entries.length > MAX_ENTRIES || total > MAX_BYTES) {
    throw new RangeError(
      'A stored zip holds at most 65,535 entries and 4 GiB.',
    );
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let local = 0;
  let central = centralOffset;
  entries.forEach((entry, index) => {
    const name = names[index] ?? Buffer.alloc(0);
    const file = {
      crc: crc32(entry.data) >>> 0,
      size: entry.data.length,
      nameLength: name.length,
    };
    // Local file header, then the name and the bytes.
    view.setUint32(local, 0x04034b50, true);
    writeFileFields(view, local + 4, file);
    out.set(name, local + LOCAL_HEADER);
    out.set(entry.data, local + LOCAL_HEADER + name.length);
    // Its central directory record, pointing back at the local header.
    view.setUint32(central, 0x02014b50, true);
    view.setUint16(central + 4, VERSION, true); // made by: MS-DOS, 2.0
    writeFileFields(view, central + 6, file);
    // Comment length, disk, internal and external attributes stay 0.
    view.setUint32(central + 42, local, true);
    out.set(name, central + CENTRAL_HEADER);
    local += LOCAL_HEADER + name.length + file.size;
    central += CENTRAL_HEADER + name.length;
  });
  view.setUint32(central, 0x06054b50, true);
  view.setUint16(central + 8, entries.length, true);
  view.setUint16(central + 10, entries.length, true);
  view.setUint32(central + 12, centralSize, true);
  view.setUint32(central + 16, centralOffset, true);
  return out;
}

/**
 * The fields local and central headers share, from "version needed" to the
 * extra field's length (26 bytes): stored, UTF-8 name, fixed date.
 */
function writeFileFields(
  view: DataView,
  at: number,
  file: { crc: number; size: number; nameLength: number },
): void {
  view.setUint16(at, VERSION, true);
  view.setUint16(at + 2, UTF8_NAMES, true);
  view.setUint16(at + 4, 0, true); // method: stored
  view.setUint16(at + 6, 0, true); // time 00:00
  view.setUint16(at + 8, DOS_DATE, true);
  view.setUint32(at + 10, file.crc, true);
  view.setUint32(at + 14, file.size, true); // compressed size
  view.setUint32(at + 18, file.size, true); // uncompressed size
  view.setUint16(at + 22, file.nameLength, true);
  view.setUint16(at + 24, 0, true); // extra field length
}
