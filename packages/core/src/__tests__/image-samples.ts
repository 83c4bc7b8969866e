/**
 * Small whole images, as base64, for tests of the result check: real files
 * (a 16×16 PNG, the 1×1 GIF and WebPs browsers use for feature tests) and a
 * JPEG built segment by segment (the check reads headers, not pixels).
 */
export const PNG_16X16 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4z8BAEiJN9aiGUQ1DSgMAkPn/Afnh+ngAAAAASUVORK5CYII=';
export const GIF_1X1 =
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
export const WEBP_LOSSY_1X1 =
  'UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA';
export const WEBP_LOSSLESS_1X1 =
  'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';
export const WEBP_EXTENDED_1X1 =
  'UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==';

/**
 * A JPEG's segments: SOI, an APP0 (JFIF) segment padded by `paddingBytes`
 * of APPn data, a baseline frame header (SOF0) of the given size, a scan
 * and EOI.
 */
export function jpegBytes(options: {
  width: number;
  height: number;
  paddingBytes?: number;
}): Uint8Array {
  const segment = (marker: number, body: number[] | Uint8Array) => {
    const length = body.length + 2;
    return [0xff, marker, length >> 8, length & 0xff, ...body];
  };
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const padding: number[] = [];
  for (let left = options.paddingBytes ?? 0; left > 0; left -= 60_000) {
    padding.push(...segment(0xe1, new Uint8Array(Math.min(left, 60_000))));
  }
  const { width, height } = options;
  const frame = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, jfif),
    ...padding,
    ...segment(0xc0, [...frame, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x12,
    0x34,
    0xff,
    0xd9,
  ]);
}

export const JPEG_HEADER = Buffer.from(
  jpegBytes({ width: 640, height: 480 }),
).toString('base64');
