// Small valid audio files for fake upstreams: the testing kit's.
export { mp3Bytes, wavBytes } from '@switchyard/testing';
