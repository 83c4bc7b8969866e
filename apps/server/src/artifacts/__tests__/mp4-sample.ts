/** An ISO-BMFF box: its 32-bit size, its type, its payload. */
function box(type: string, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.byteLength, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/**
 * A tiny MP4 as a video check reads one: an `ftyp` box, then a `moov` with
 * its `mvhd` (timescale 1000, `durationMs` long) and one 320×240 video
 * track, then `padding` bytes of `mdat`, so tests can make it as large as they need.
 */
export function mp4Sample(
  options: { durationMs?: number; padding?: number } = {},
): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.concat([
      Buffer.from('isom', 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2mp41', 'latin1'),
    ]),
  );
  // mvhd version 0: flags, times, timescale, duration, rate, volume, matrix, next track.
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1_000, 12);
  mvhd.writeUInt32BE(options.durationMs ?? 2_000, 16);
  mvhd.writeUInt32BE(0x0001_0000, 20);
  mvhd.writeUInt16BE(0x0100, 24);
  for (const [index, value] of [
    0x0001_0000, 0x0001_0000, 0x4000_0000,
  ].entries()) {
    mvhd.writeUInt32BE(value, 36 + index * 16);
  }
  mvhd.writeUInt32BE(2, 96);
  // One video track: tkhd (version 0, 320×240 in 16.16) and an hdlr of `vide`.
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(1, 12);
  tkhd.writeUInt32BE(320 << 16, 76);
  tkhd.writeUInt32BE(240 << 16, 80);
  const hdlr = Buffer.alloc(25);
  hdlr.write('vide', 8, 'latin1');
  const trak = box(
    'trak',
    Buffer.concat([box('tkhd', tkhd), box('mdia', box('hdlr', hdlr))]),
  );
  const mdat = box('mdat', Buffer.alloc(options.padding ?? 0, 0x2a));
  return Buffer.concat([
    ftyp,
    box('moov', Buffer.concat([box('mvhd', mvhd), trak])),
    mdat,
  ]);
}
