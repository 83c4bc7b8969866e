/**
 * A tiny real MP4 for the fake upstream (the Veo fixtures keep no video
 * bytes): `ftyp`, then `moov` with `mvhd` (the length) and a video `trak`
 * (`tkhd` size, `hdlr` 'vide', `mdhd` + `stts` frame timing), plus a sound
 * `trak` when asked. No `mdat`: core's check reads the structure only.
 */
export function mp4Bytes(options: {
  durationMs: number;
  width: number;
  height: number;
  fps?: number;
  withAudio?: boolean;
}): Uint8Array {
  const fps = options.fps ?? 24;
  const frames = Math.round((options.durationMs / 1000) * fps);
  const video = track({
    handler: 'vide',
    width: options.width,
    height: options.height,
    // Media timescale = fps, one tick per frame.
    timing: { timescale: fps, samples: frames, ticks: 1 },
  });
  const sound = options.withAudio
    ? [track({ handler: 'soun', width: 0, height: 0 })]
    : [];
  const mvhd = fields(100, [0, 0, 0, 1000, options.durationMs]);
  const ftyp = Buffer.concat([
    Buffer.from('isom'),
    u32(512),
    Buffer.from('isommp41'),
  ]);
  return new Uint8Array(
    Buffer.concat([
      box('ftyp', ftyp),
      box('moov', box('mvhd', mvhd), video, ...sound),
    ]),
  );
}

function track(options: {
  handler: 'vide' | 'soun';
  width: number;
  height: number;
  timing?: { timescale: number; samples: number; ticks: number };
}): Buffer {
  // tkhd v0: 76 bytes of times, ids and matrix, then 16.16 width and height.
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(options.width * 0x10000, 76);
  tkhd.writeUInt32BE(options.height * 0x10000, 80);
  const hdlr = Buffer.concat([u32(0), u32(0), Buffer.from(options.handler), Buffer.alloc(13)]);
  const { timing } = options;
  const media = timing
    ? [
        box('mdhd', fields(24, [0, 0, 0, timing.timescale, timing.samples])),
        box(
          'minf',
          box('stbl', box('stts', Buffer.concat([u32(0), u32(1), u32(timing.samples), u32(timing.ticks)]))),
        ),
      ]
    : [];
  return box('trak', box('tkhd', tkhd), box('mdia', box('hdlr', hdlr), ...media));
}

/** A payload of `size` bytes starting with these 32-bit big-endian fields. */
function fields(size: number, values: number[]): Buffer {
  const payload = Buffer.alloc(size);
  values.forEach((value, index) => payload.writeUInt32BE(value, index * 4));
  return payload;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
}
