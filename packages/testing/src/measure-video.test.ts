import {
  measureVideo,
  type VideoFormat,
  type VideoMeasure,
} from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apngBytes,
  gifBytes,
  mp4Bytes,
  webmBytes,
} from './media/video-samples';

// Core's video check (measureVideo) on the sample writers this package
// ships: the test lives here because core cannot depend on its test kit.

/** A 16x16 still PNG (no acTL): not an animation. */
const PNG_16X16 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4z8BAEiJN9aiGUQ1DSgMAkPn/Afnh+ngAAAAASUVORK5CYII=';

const SAMPLES: Record<VideoFormat, Uint8Array> = {
  gif: gifBytes({ width: 4, height: 3, frames: 5, delayCs: 10 }),
  apng: apngBytes({ width: 5, height: 4, frames: 3, delayMs: 100 }),
  mp4: mp4Bytes({ durationMs: 2000, width: 320, height: 240, withAudio: true }),
  webm: webmBytes({
    durationMs: 1500,
    width: 640,
    height: 360,
    withAudio: true,
  }),
};
const FORMATS = Object.keys(SAMPLES) as VideoFormat[];

/** A box of an MP4, for trees the sample writer does not make. */
function box(type: string, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const FTYP = box('ftyp', Buffer.from('isom\0\0\x02\0isom', 'latin1'));

const problemOf = (measure: VideoMeasure) =>
  measure.ok ? 'no problem' : measure.problem;

describe('measureVideo', () => {
  it.each<{
    name: string;
    bytes: Uint8Array;
    format: VideoFormat;
    expected: VideoMeasure;
  }>([
    {
      name: 'an animated GIF',
      bytes: SAMPLES.gif,
      format: 'gif',
      expected: {
        ok: true,
        durationMs: 500,
        width: 4,
        height: 3,
        fps: 10,
        frames: 5,
      },
    },
    {
      name: 'an APNG',
      bytes: SAMPLES.apng,
      format: 'apng',
      expected: {
        ok: true,
        durationMs: 300,
        width: 5,
        height: 4,
        fps: 10,
        frames: 3,
      },
    },
    {
      name: 'an MP4 with sound',
      bytes: SAMPLES.mp4,
      format: 'mp4',
      expected: {
        ok: true,
        durationMs: 2000,
        width: 320,
        height: 240,
        fps: 25,
        hasAudio: true,
        frames: 50,
      },
    },
    {
      name: 'a silent MP4 with 64-bit times (version 1 mvhd, tkhd and mdhd)',
      bytes: mp4Bytes({ durationMs: 1200, width: 64, height: 48, version: 1 }),
      format: 'mp4',
      expected: {
        ok: true,
        durationMs: 1200,
        width: 64,
        height: 48,
        fps: 25,
        hasAudio: false,
        frames: 30,
      },
    },
    {
      name: 'a WebM with sound',
      bytes: SAMPLES.webm,
      format: 'webm',
      expected: {
        ok: true,
        durationMs: 1500,
        width: 640,
        height: 360,
        fps: 25,
        hasAudio: true,
      },
    },
  ])('should measure $name', ({ bytes, format, expected }) => {
    expect(measureVideo(bytes, format)).toEqual(expected);
  });

  describe('mp4', () => {
    it.each([
      ['moov after mdat', { moovAfterMdat: true }],
      ['a 64-bit largesize mdat', { mdatSize: 'largesize' as const }],
      ['an mdat of size 0 (to the end)', { mdatSize: 'to-end' as const }],
      [
        'a largesize mdat before moov',
        { mdatSize: 'largesize' as const, moovAfterMdat: true },
      ],
    ])('should read a file with %s', (_name, layout) => {
      const bytes = mp4Bytes({
        durationMs: 800,
        width: 16,
        height: 8,
        ...layout,
      });
      expect(measureVideo(bytes, 'mp4')).toMatchObject({
        ok: true,
        durationMs: 800,
        width: 16,
        height: 8,
        frames: 20,
      });
    });

    it.each<[string, Uint8Array, RegExp]>([
      ['no moov', Buffer.concat([FTYP, box('mdat')]), /no moov box/],
      [
        'a moov without mvhd',
        Buffer.concat([FTYP, box('moov')]),
        /no mvhd box/,
      ],
      [
        'a box smaller than its header',
        Buffer.concat([
          FTYP,
          Buffer.from([0, 0, 0, 4, 0x6d, 0x6f, 0x6f, 0x76]),
        ]),
        /broken/,
      ],
      ['no ftyp first', box('moov'), /the bytes are not mp4 video/],
    ])('should refuse a file with %s', (_name, bytes, problem) => {
      expect(problemOf(measureVideo(bytes, 'mp4'))).toMatch(problem);
    });

    it('should read the frame rate the writer is given', () => {
      const bytes = mp4Bytes({
        durationMs: 2000,
        width: 8,
        height: 8,
        fps: 24,
      });
      expect(measureVideo(bytes, 'mp4')).toMatchObject({
        ok: true,
        durationMs: 2000,
        fps: 24,
        frames: 48,
      });
    });

    it('should refuse an mp4 with only a sound track', () => {
      const bytes = Buffer.from(
        mp4Bytes({ durationMs: 800, width: 0, height: 0, withAudio: true }),
      );
      // Relabel the video track's handler as a second sound track.
      bytes.write('soun', bytes.indexOf('vide', 0, 'latin1'), 'latin1');
      expect(problemOf(measureVideo(bytes, 'mp4'))).toBe(
        'the mp4 has no video track',
      );
    });
  });

  describe('webm', () => {
    it.each([
      ['a 4-byte float Duration', { durationSize: 4 as const }],
      ['no TimecodeScale (1 ms by default)', { timecodeScale: null }],
      ['a 1 µs TimecodeScale', { timecodeScale: 1000 }],
      ['Segment and Cluster of unknown size', { unknownSizes: true }],
    ])('should read a file with %s', (_name, layout) => {
      const bytes = webmBytes({
        durationMs: 2500,
        width: 32,
        height: 16,
        ...layout,
      });
      expect(measureVideo(bytes, 'webm')).toEqual({
        ok: true,
        durationMs: 2500,
        width: 32,
        height: 16,
        fps: 25,
        hasAudio: false,
      });
    });

    it.each<[string, Partial<Parameters<typeof webmBytes>[0]>, string]>([
      [
        'a matroska DocType',
        { docType: 'matroska' },
        'the bytes are matroska, not webm',
      ],
      ['another DocType', { docType: 'other' }, 'the bytes are not webm video'],
      [
        'no Duration',
        { withoutDuration: true },
        'the webm does not say its duration',
      ],
    ])('should refuse a file with %s', (_name, options, problem) => {
      const bytes = webmBytes({
        durationMs: 1000,
        width: 8,
        height: 8,
        ...options,
      });
      expect(problemOf(measureVideo(bytes, 'webm'))).toBe(problem);
    });
  });

  describe('gif', () => {
    it.each([
      [0, 100],
      [1, 100],
      [2, 20],
      [7, 70],
    ])('should count a delay of %i cs as %i ms a frame', (delayCs, frameMs) => {
      const bytes = gifBytes({ width: 2, height: 2, frames: 3, delayCs });
      expect(measureVideo(bytes, 'gif')).toMatchObject({
        ok: true,
        durationMs: 3 * frameMs,
        frames: 3,
      });
    });

    it('should apply a delay to the next frame only', () => {
      const bytes = Buffer.from(
        gifBytes({ width: 2, height: 2, frames: 3, delayCs: 50 }),
      );
      // Keep the first Graphic Control Extension; later frames go without.
      const control = Buffer.from([0x21, 0xf9, 4, 0, 50, 0, 0, 0]);
      let kept = bytes;
      const second = (gif: Buffer) =>
        gif.indexOf(control, gif.indexOf(control) + 1);
      for (let at = second(kept); at !== -1; at = second(kept)) {
        kept = Buffer.concat([
          kept.subarray(0, at),
          kept.subarray(at + control.length),
        ]);
      }
      expect(measureVideo(kept, 'gif')).toMatchObject({
        ok: true,
        durationMs: 500 + 100 + 100,
        frames: 3,
      });
    });

    it('should refuse a gif without frames', () => {
      const empty = gifBytes({ width: 2, height: 2, frames: 0, delayCs: 5 });
      expect(problemOf(measureVideo(empty, 'gif'))).toBe(
        'the gif has no frames',
      );
    });
  });

  describe('apng', () => {
    it('should refuse a still png', () => {
      const still = Buffer.from(PNG_16X16, 'base64');
      expect(problemOf(measureVideo(still, 'apng'))).toBe(
        'the png is a still image, not an animation',
      );
    });

    it('should refuse an apng without its IEND chunk', () => {
      expect(
        problemOf(measureVideo(SAMPLES.apng.subarray(0, -12), 'apng')),
      ).toBe('the apng is cut short (no IEND chunk)');
    });

    it('should refuse an apng whose frame count and frame controls differ', () => {
      const bytes = Buffer.from(SAMPLES.apng);
      // acTL's num_frames: signature 8, IHDR chunk 25, acTL length and type 8.
      bytes.writeUInt32BE(4, 41);
      expect(problemOf(measureVideo(bytes, 'apng'))).toMatch(
        /says it has 4 frames but has 3/,
      );
    });
  });

  it.each(
    FORMATS.flatMap((actual) =>
      FORMATS.filter((claimed) => claimed !== actual).map(
        (claimed) => [actual, claimed] as const,
      ),
    ),
  )('should refuse %s bytes said to be %s', (actual, claimed) => {
    expect(measureVideo(SAMPLES[actual], claimed)).toEqual({
      ok: false,
      problem: `the bytes are not ${claimed} video`,
    });
  });

  it.each(FORMATS)('should refuse empty bytes as %s', (format) => {
    expect(problemOf(measureVideo(new Uint8Array(0), format))).toBe(
      'the video is empty',
    );
  });

  it.each(FORMATS)('should refuse only the first byte of a %s', (format) => {
    expect(
      problemOf(measureVideo(SAMPLES[format].subarray(0, 1), format)),
    ).toBe(`the bytes are not ${format} video`);
  });

  /** Where to cut a file of `length` bytes. */
  const CUTS: [string, (length: number) => number][] = [
    ['after 12 bytes', () => 12],
    ['after 40 bytes', () => 40],
    ['in the middle', (length) => Math.floor(length / 2)],
    ['before its last byte', (length) => length - 1],
  ];
  it.each(
    FORMATS.flatMap((format) =>
      CUTS.map(([where, end]) => [format, where, end] as const),
    ),
  )('should refuse a %s cut %s', (format, _where, end) => {
    const bytes = SAMPLES[format];
    expect(measureVideo(bytes.subarray(0, end(bytes.length)), format)).toEqual({
      ok: false,
      problem: `the ${format} is cut short`,
    });
  });

  it.each(FORMATS)(
    'should, cut anywhere, never throw and refuse or agree with the whole %s',
    (format) => {
      const bytes = SAMPLES[format];
      const whole = measureVideo(bytes, format);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (end) => {
          const measure = measureVideo(bytes.subarray(0, end), format);
          if (measure.ok) expect(measure).toEqual(whole);
          else expect(measure.problem).not.toMatch(/could not be read/);
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(FORMATS)(
    'should, with bytes changed, never throw reading %s',
    (format) => {
      const bytes = SAMPLES[format];
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: bytes.length - 1 }),
              fc.integer({ min: 0, max: 255 }),
            ),
            { minLength: 1, maxLength: 4 },
          ),
          (changes) => {
            const changed = Uint8Array.from(bytes);
            for (const [at, value] of changes) changed[at] = value;
            const measure = measureVideo(changed, format);
            expect(typeof measure.ok).toBe('boolean');
            if (!measure.ok)
              expect(measure.problem).not.toMatch(/could not be read/);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});
