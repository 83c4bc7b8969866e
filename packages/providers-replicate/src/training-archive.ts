import { crc32 } from 'node:zlib';

/** One file of an archive. */
export interface ArchiveEntry {
  /** Its name in the archive: ASCII, no folders (`image-01.png`). */
  name: string;
  bytes: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** ZIP 2.0: what every unzip reads. */
const VERSION = 20;
/** 1980-01-01 00:00 in MS-DOS form: a fixed time keeps archives reproducible. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** The 32-bit fields' limit (no ZIP64 here). */
const MAX_32 = 0xffffffff;

/**
 * A ZIP archive of the entries, each stored as is (method 0, no
 * compression): training photos are PNG, JPEG or WebP, already compressed,
 * so deflating them would cost time for nothing. The format is the plain
 * PKWARE one (local headers, central directory, end record) with CRC-32
 * from node:zlib, so no archive library is needed. Throws a RangeError past
 * 65,535 entries or 4 GiB (a training request holds at most 50 images).
 */
export function zipStored(entries: readonly ArchiveEntry[]): Uint8Array {
  if (entries.length > 0xffff) throw new RangeError('too many ZIP entries');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'ascii');
    const fields = {
      crc: crc32(entry.bytes) >>> 0,
      size: entry.bytes.byteLength,
      nameLength: name.byteLength,
    };
    if (fields.size > MAX_32 || offset > MAX_32) {
      throw new RangeError('ZIP archive larger than 4 GiB');
    }
    locals.push(localHeader(fields), name, Buffer.from(entry.bytes));
    centrals.push(centralHeader({ ...fields, offset }), name);
    offset += 30 + name.byteLength + fields.size;
  }
  const directory = Buffer.concat(centrals);
  if (offset + directory.byteLength > MAX_32) {
    throw new RangeError('ZIP archive larger than 4 GiB');
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

interface EntryFields {
  crc: number;
  size: number;
  nameLength: number;
}

/** The 30-byte header before an entry's name and bytes. */
function localHeader(fields: EntryFields): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(VERSION, 4);
  // Flags 0 and method 0 (stored) at 6 and 8; time 0 at 10.
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(fields.crc, 14);
  header.writeUInt32LE(fields.size, 18);
  header.writeUInt32LE(fields.size, 22);
  header.writeUInt16LE(fields.nameLength, 26);
  return header;
}

/** The 46-byte central directory record before an entry's name. */
function centralHeader(fields: EntryFields & { offset: number }): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(VERSION, 6);
  // Flags, method and time stay 0 (8, 10, 12).
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(fields.crc, 16);
  header.writeUInt32LE(fields.size, 20);
  header.writeUInt32LE(fields.size, 24);
  header.writeUInt16LE(fields.nameLength, 28);
  // Extra, comment, disk, attributes stay 0 (30–41).
  header.writeUInt32LE(fields.offset, 42);
  return header;
}
