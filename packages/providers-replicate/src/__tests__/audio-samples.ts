// Small valid audio files for the fake upstream to serve as a prediction's
// output (the recorded fixtures hold no audio bytes): the testing kit's.
export { mp3Bytes, wavBytes } from '@switchyard/testing';

/** Base64 of bytes, as the model hands audio over. */
export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
