// Media writers: WAV, stored zips.
// Re-exported whole by the package's index.

export { pcmDurationMs, pcmToWav, WAV_HEADER_BYTES } from './wav';
export { zipStored } from './zip';
export type { ZipEntry } from './zip';
