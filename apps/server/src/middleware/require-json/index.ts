import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** The methods whose body is the call's input. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What a refused request should have said. */
export const JSON_CONTENT_TYPE = 'application/json';

/** The media type of a `content-type` header, lower case, without parameters. */
function mediaTypeOf(header: string | undefined): string | undefined {
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}

/**
 * Refuses a POST, PUT or PATCH whose `content-type` is not
 * `application/json` with 415 and a message that names the fix, before the
 * body is read: `curl -d` sends `application/x-www-form-urlencoded`, which
 * neither tRPC nor the REST routes read as the input. Mount it on the JSON
 * endpoints only (`/trpc/*`, `/api/*`): routes that take multipart forms
 * keep them.
 *
 * @example
 * app.use('/trpc/*', requireJson());
 */
export function requireJson(): MiddlewareHandler {
  return async function requireJson(context, next) {
    if (!BODY_METHODS.has(context.req.method)) return next();
    const mediaType = mediaTypeOf(context.req.header('content-type'));
    if (mediaType === JSON_CONTENT_TYPE) return next();
    const sent =
      mediaType === undefined
        ? 'This request has no Content-Type'
        : `This request's body is ${mediaType}`;
    const curlHint =
      mediaType === 'application/x-www-form-urlencoded'
        ? " (what curl -d sends unless told otherwise: add -H 'content-type: application/json')"
        : " (curl: -H 'content-type: application/json')";
    context.header('accept', JSON_CONTENT_TYPE);
    throw new HTTPException(415, {
      message: `${sent}; send the input as a JSON body with "Content-Type: application/json"${curlHint}.`,
    });
  };
}
