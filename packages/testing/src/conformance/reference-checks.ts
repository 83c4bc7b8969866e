import type { ImageRequest, ReferenceImage } from '@switchyard/core';
import type { FakeCall } from '../fake-upstream-types';

const DATA_URL_BASE64 = /^data:[^,]*;base64,(.*)$/s;

/** The ways a reference can travel: its URL, its base64, its raw bytes. */
function forms(reference: ReferenceImage): { text: string[]; bytes?: Buffer } {
  const base64 =
    'base64' in reference
      ? reference.base64
      : DATA_URL_BASE64.exec(reference.url)?.[1];
  if (base64 === undefined)
    return { text: 'url' in reference ? [reference.url] : [] };
  return {
    text: [base64, encodeURIComponent(base64)],
    bytes: Buffer.from(base64, 'base64'),
  };
}

/** Whether any call carried the image: in its body (as text or bytes) or its URL. */
function carried(calls: FakeCall[], reference: ReferenceImage): boolean {
  const { text, bytes } = forms(reference);
  return calls.some(
    (call) =>
      text.some(
        (form) => call.bodyText.includes(form) || call.url.includes(form),
      ) ||
      (bytes !== undefined &&
        bytes.length > 0 &&
        Buffer.from(call.bodyBytes).includes(bytes)),
  );
}

/**
 * Which of a request's reference images (and its mask) reached none of the
 * upstream's calls, by label (`referenceImages[0]`, `mask`). A reference is
 * found as its URL, its base64 (as is, or URL-encoded, also inside a data:
 * URL) or its decoded bytes (a multipart part, an upload).
 */
export function referencesNotSent(
  calls: FakeCall[],
  request: ImageRequest,
): string[] {
  const expected: Array<[string, ReferenceImage]> = (
    request.referenceImages ?? []
  ).map((reference, index) => [`referenceImages[${index}]`, reference]);
  if (request.mask !== undefined) expected.push(['mask', request.mask]);
  return expected
    .filter(([, reference]) => !carried(calls, reference))
    .map(([label]) => label);
}
