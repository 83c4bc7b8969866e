/** The size fields a streamed WAV leaves unknown (`0xFFFFFFFF`). */
const UNKNOWN_SIZE = 0xff_ff_ff_ff;

/**
 * A WAV whose RIFF and `data` sizes say how long it really is. OpenAI streams
 * WAV with both sizes set to `0xFFFFFFFF` (unknown when the header was sent),
 * which players and decoders read as hours of audio; once every byte is here
 * the sizes are known, so they are written in. Returns the bytes unchanged
 * when they are not a RIFF/WAVE file or their sizes are already right.
 */
export function fixStreamedWavSizes(bytes: Uint8Array): Uint8Array {
  if (!isWave(bytes)) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = findDataChunk(view);
  if (data === undefined) return bytes;
  const available = bytes.byteLength - data.start;
  const riffSize = bytes.byteLength - 8;
  const dataSizeWrong = data.size === UNKNOWN_SIZE || data.size > available;
  const riffSizeWrong = view.getUint32(4, true) !== riffSize;
  if (!dataSizeWrong && !riffSizeWrong) return bytes;
  const fixed = bytes.slice();
  const fixedView = new DataView(fixed.buffer);
  fixedView.setUint32(4, riffSize, true);
  if (dataSizeWrong) fixedView.setUint32(data.start - 4, available, true);
  return fixed;
}

function isWave(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= 12 &&
    ascii(bytes, 0) === 'RIFF' &&
    ascii(bytes, 8) === 'WAVE'
  );
}

/** Where the `data` chunk's samples start, and the size its header says. */
function findDataChunk(
  view: DataView,
): { start: number; size: number } | undefined {
  let offset = 12;
  while (offset + 8 <= view.byteLength) {
    const id = ascii(
      new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
      offset,
    );
    const size = view.getUint32(offset + 4, true);
    if (id === 'data') return { start: offset + 8, size };
    // Chunks are padded to an even length.
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}
