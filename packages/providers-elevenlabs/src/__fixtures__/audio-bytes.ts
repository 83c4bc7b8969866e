// ElevenLabs answers with raw audio bytes, which the recorded fixtures
// describe by headers only: the testing kit's samples stand in for them.
export { mp3Bytes, pcmBytes, wavBytes } from '@switchyard/testing';
