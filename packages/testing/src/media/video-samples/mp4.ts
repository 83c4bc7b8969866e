import { ascii, u16be, u32be, u64be, join, type Part } from './bytes';

const box = (type: string, ...parts: Part[]) => {
  const body = join(...parts);
  return join(u32be(body.length + 8), ascii(type), body);
};
/** A box that opens with a version byte and 24 bits of flags. */
const fullBox = (
  type: string,
  { version = 0, flags = 0 }: { version?: number; flags?: number },
  ...parts: Part[]
) => box(type, [version, 0, 0, flags], ...parts);
/** A time field: 32 bits in version 0, 64 in version 1. */
const time = (version: number, value: number) =>
  version === 1 ? u64be(value) : u32be(value);
const UNITY_MATRIX = join(
  ...[0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32be),
);

interface Mp4Track {
  id: number;
  handler: 'vide' | 'soun';
  width: number;
  height: number;
  timescale: number;
  samples: number;
  delta: number;
  /** Where the track's one chunk of samples starts in the file. */
  chunkOffset: number;
}

/** A visual (avc1) or audio (mp4a) sample description, without codec configuration. */
function sampleEntry(track: Mp4Track): Buffer {
  const head = [0, 0, 0, 0, 0, 0, 0, 1];
  if (track.handler === 'soun') {
    return box(
      'mp4a',
      head,
      new Uint8Array(8),
      u16be(2),
      u16be(16),
      new Uint8Array(4),
      u32be(48_000 * 0x10000),
    );
  }
  return box(
    'avc1',
    head,
    new Uint8Array(16),
    u16be(track.width),
    u16be(track.height),
    u32be(0x480000),
    u32be(0x480000),
    u32be(0),
    u16be(1),
    new Uint8Array(32),
    u16be(0x18),
    u16be(0xffff),
  );
}

function trak(version: number, track: Mp4Track, durationMs: number): Buffer {
  const sound = track.handler === 'soun';
  const tkhd = fullBox(
    'tkhd',
    { version, flags: 3 },
    time(version, 0),
    time(version, 0),
    u32be(track.id),
    u32be(0),
    time(version, durationMs),
    new Uint8Array(8),
    [0, 0, 0, 0, ...u16be(sound ? 0x100 : 0), 0, 0],
    UNITY_MATRIX,
    u32be(track.width * 0x10000),
    u32be(track.height * 0x10000),
  );
  const mdhd = fullBox(
    'mdhd',
    { version },
    time(version, 0),
    time(version, 0),
    u32be(track.timescale),
    time(version, track.samples * track.delta),
    [0x55, 0xc4, 0, 0],
  );
  const name = sound ? 'SoundHandler\0' : 'VideoHandler\0';
  const hdlr = fullBox(
    'hdlr',
    {},
    u32be(0),
    ascii(track.handler),
    new Uint8Array(12),
    ascii(name),
  );
  const stts = fullBox(
    'stts',
    {},
    u32be(1),
    u32be(track.samples),
    u32be(track.delta),
  );
  const stbl = box(
    'stbl',
    fullBox('stsd', {}, u32be(1), sampleEntry(track)),
    stts,
    // One chunk of 1-byte samples at `chunkOffset`.
    fullBox('stsc', {}, u32be(1), u32be(1), u32be(track.samples), u32be(1)),
    fullBox('stsz', {}, u32be(1), u32be(track.samples)),
    fullBox('stco', {}, u32be(1), u32be(track.chunkOffset)),
  );
  const minf = box('minf', stbl);
  return box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
}

/** Options of {@link mp4Bytes}. */
export interface Mp4SampleOptions {
  durationMs: number;
  width: number;
  height: number;
  /** Frames a second: a whole divisor of 90,000 (24, 25, 30, …). Default 25. */
  fps?: number;
  withAudio?: boolean;
  version?: 0 | 1;
  moovAfterMdat?: boolean;
  mdatSize?: 'plain' | 'largesize' | 'to-end';
  padding?: number;
}

/** The video track and, when asked, the sound track, before placement. */
function tracksOf(options: Mp4SampleOptions): Omit<Mp4Track, 'chunkOffset'>[] {
  const { durationMs, fps = 25 } = options;
  const video: Omit<Mp4Track, 'chunkOffset'> = {
    id: 1,
    handler: 'vide',
    width: options.width,
    height: options.height,
    timescale: 90_000,
    samples: Math.max(1, Math.round((durationMs * fps) / 1000)),
    delta: 90_000 / fps,
  };
  if (!options.withAudio) return [video];
  const sound: Omit<Mp4Track, 'chunkOffset'> = {
    id: 2,
    handler: 'soun',
    width: 0,
    height: 0,
    timescale: 48_000,
    samples: Math.max(1, Math.round((durationMs * 48) / 1024)),
    delta: 1024,
  };
  return [video, sound];
}

/** The moov box, its tracks' sample chunks placed from `mediaStart` on. */
function moovBox(
  options: Mp4SampleOptions,
  tracks: Omit<Mp4Track, 'chunkOffset'>[],
  mediaStart: number,
): Buffer {
  const { durationMs, version = 0 } = options;
  const mvhd = fullBox(
    'mvhd',
    { version },
    time(version, 0),
    time(version, 0),
    u32be(1000),
    time(version, durationMs),
    u32be(0x10000),
    [1, 0],
    new Uint8Array(10),
    UNITY_MATRIX,
    new Uint8Array(24),
    u32be(tracks.length + 1),
  );
  let offset = mediaStart;
  const traks = tracks.map((track) => {
    const chunkOffset = offset;
    offset += track.samples;
    return trak(version, { ...track, chunkOffset }, durationMs);
  });
  return box('moov', mvhd, ...traks);
}

/**
 * An MP4 box tree: ftyp, moov (mvhd, a video trak of `fps` frames a second
 * and optionally an AAC-timed sound trak, each
 * tkhd/mdia/hdlr/mdhd/minf/stbl/stts) and an mdat of placeholder bytes.
 * `version` picks 32- or 64-bit times; `moovAfterMdat` puts moov last;
 * `mdatSize` writes mdat's size plainly, as a 64-bit largesize, or as 0 (to
 * the end; mdat must then come last); `padding` adds that many bytes to
 * mdat, for a file as large as a test needs.
 */
export function mp4Bytes(options: Mp4SampleOptions): Uint8Array {
  if (options.mdatSize === 'to-end' && options.moovAfterMdat) {
    throw new Error('an mdat that runs to the end must come last');
  }
  const tracks = tracksOf(options);
  const ftyp = box('ftyp', ascii('isom'), u32be(0x200), ascii('isomiso2mp41'));
  const sampleBytes = tracks.reduce((sum, track) => sum + track.samples, 0);
  const media = Buffer.from(
    Array.from(
      { length: sampleBytes + (options.padding ?? 0) },
      (_, index) => index & 0xff,
    ),
  );
  const mdatHeader =
    options.mdatSize === 'largesize'
      ? join(u32be(1), ascii('mdat'), u64be(media.length + 16))
      : options.mdatSize === 'to-end'
        ? join(u32be(0), ascii('mdat'))
        : join(u32be(media.length + 8), ascii('mdat'));
  if (options.moovAfterMdat) {
    const moov = moovBox(options, tracks, ftyp.length + mdatHeader.length);
    return join(ftyp, mdatHeader, media, moov);
  }
  // moov's size does not depend on the offsets it holds: measure it once.
  const moovSize = moovBox(options, tracks, 0).length;
  const moov = moovBox(
    options,
    tracks,
    ftyp.length + moovSize + mdatHeader.length,
  );
  return join(ftyp, moov, mdatHeader, media);
}
