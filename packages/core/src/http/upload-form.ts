import { exchange } from './exchange';
import type { HttpResult, UploadFormOptions } from './http-types';
import { encodeForm, readCapped } from './json-requests';

/**
 * POSTs a `multipart/form-data` body whose answer has nothing to read, such
 * as an upload to a presigned S3 URL (`204 No Content`), where `postForm`
 * wants a JSON answer: bounded, stopped by `signal` and `timeoutMs`, error
 * statuses through `mapError` like every helper; the body of a success is
 * read (capped) and dropped. Send no auth headers to a host other than the
 * provider's own.
 *
 * @example
 * ```ts
 * const form = new FormData();
 * for (const [name, value] of Object.entries(presignedFields)) form.append(name, value);
 * form.append('file', new Blob([bytes], { type: 'image/png' }), 'init.png');
 * await uploadForm({ url: presignedURL, provider: 'leonardo', form, signal });
 * ```
 */
export async function uploadForm(
  options: UploadFormOptions,
): Promise<HttpResult<undefined>> {
  const { form, ...rest } = options;
  const encodedBody = await encodeForm(form);
  return exchange(
    { ...rest, method: 'POST', encodedBody, accept: '*/*' },
    async (response) => {
      await readCapped({ response, options });
      return undefined;
    },
  );
}
