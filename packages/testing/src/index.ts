export { mp3Bytes, pcmBytes, wavBytes } from './audio-samples';
export {
  apngBytes,
  gifBytes,
  mp4Bytes,
  webmBytes,
} from './media/video-samples';
export type { Mp4SampleOptions } from './media/video-samples';
export { readStoredZip } from './media/zip-reader';
export type { StoredZipEntry } from './media/zip-reader';
export { createFakeUpstream } from './fake-upstream';
export type {
  FakeBinaryResponse,
  FakeCall,
  FakeEmptyResponse,
  FakeErrorResponse,
  FakeHangResponse,
  FakeJsonResponse,
  FakeResetResponse,
  FakeResponse,
  FakeResponseSource,
  FakeRoute,
  FakeRoutes,
  FakeSseResponse,
  FakeUpstream,
} from './fake-upstream-types';
export { fixtureResponse, fixturesDirectory } from './fixture-response';
export { readTextStream } from './read-text-stream';
export type { ReadTextStream } from './read-text-stream';
export { MockImageModel } from './mock-image-model';
export type { MockCall, MockImageModelOptions } from './mock-image-model';
export { MockTextModel } from './mock-text-model';
export type { MockTextModelOptions } from './mock-text-model';
