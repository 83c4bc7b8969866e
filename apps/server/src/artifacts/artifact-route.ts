import type { Readable } from 'node:stream';
import type { ArtifactRecord, SwitchyardStore } from '@switchyard/core';
import type { Context as HonoContext } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bearerTokenOf } from '../context';
import type { Logger } from '../logger';
import { isMintedToken, TokenDenied } from '../tokens/token-service';
import type { TokenService } from '../tokens/token-service';
import type { ArtifactBackend } from './artifact-backend';
import { parseRange } from './byte-range';

/** What serving kept outputs uses. */
export interface ArtifactServingOptions {
  store: SwitchyardStore;
  tokens: TokenService;
  backend: ArtifactBackend;
  /** Whether calls need a credential (`auth.required`). */
  authRequired: boolean;
  /** The clock artifacts expire by. */
  now: () => number;
  logger: Logger;
}

/** Who asks: a key (and a minted token's subject), or nobody (auth off). */
interface Reader {
  keyId?: string;
  subject?: string;
}

/**
 * `GET /artifacts/:id`: streams a kept output to the key whose call made it
 * (a minted token: only its own subject's), with its type, length, ETag
 * (its SHA-256) and `Cache-Control: private`; one `Range` is answered 206,
 * so a `<video>` can seek. Any other caller, an unknown id and an expired
 * artifact all get the same 404, so ids cannot be probed; a request without
 * a valid credential (when auth is required) gets 401.
 */
export function serveArtifacts(
  options: ArtifactServingOptions,
): (context: HonoContext) => Promise<Response> {
  return async function serveArtifact(context) {
    const reader = await readerOf(options, context.req.header('authorization'));
    const record = await options.store.artifacts.get(
      context.req.param('id') ?? '',
    );
    if (record === undefined || !mayRead(options, { record, reader })) {
      throw notFound();
    }
    const etag = `"${record.sha256}"`;
    const headers = new Headers({
      'content-type': record.mimeType,
      etag,
      'cache-control': 'private',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    });
    if (context.req.header('if-none-match') === etag) {
      return new Response(null, { status: 304, headers });
    }
    const ifRange = context.req.header('if-range');
    const asked = parseRange(
      ifRange === undefined || ifRange === etag
        ? context.req.header('range')
        : undefined,
      record.bytes,
    );
    if (asked.kind === 'unsatisfiable') {
      headers.set('content-range', `bytes */${record.bytes}`);
      return new Response(null, { status: 416, headers });
    }
    const range = asked.kind === 'part' ? asked.range : undefined;
    headers.set(
      'content-length',
      String(range === undefined ? record.bytes : range.end - range.start + 1),
    );
    if (range !== undefined) {
      headers.set(
        'content-range',
        `bytes ${range.start}-${range.end}/${record.bytes}`,
      );
    }
    const status = range === undefined ? 200 : 206;
    if (context.req.method === 'HEAD')
      return new Response(null, { status, headers });
    const body = await options.backend.read(record.location, range);
    if (body === undefined) {
      options.logger.warn(
        { artifact: record.id, backend: options.backend.description },
        'a recorded artifact has no bytes in its backend',
      );
      throw notFound();
    }
    return new Response(toWebStream(body), { status, headers });
  };
}

/** The caller of a request: its key (a minted token's key and subject), or nobody when auth is off. */
async function readerOf(
  options: ArtifactServingOptions,
  authorization: string | undefined,
): Promise<Reader> {
  const bearer = bearerTokenOf(authorization);
  if (bearer === undefined) {
    if (options.authRequired) {
      throw new HTTPException(401, {
        message:
          'This gateway needs an API key: send it as "Authorization: Bearer <key>".',
      });
    }
    return {};
  }
  if (isMintedToken(bearer)) {
    const { apiKey, grant } = await options.tokens
      .authenticate(bearer)
      .catch((error: unknown) => {
        throw error instanceof TokenDenied
          ? new HTTPException(401, { message: error.message })
          : error;
      });
    return { keyId: apiKey.id, subject: grant.subject };
  }
  const apiKey = await options.store.apiKeys.authenticate(bearer);
  if (apiKey === undefined) {
    throw new HTTPException(401, { message: 'Unknown or revoked API key.' });
  }
  return { keyId: apiKey.id };
}

/**
 * Whether a reader may have an artifact: not expired, and the key that
 * made it (a token only its subject's); one made without a key (auth off)
 * only while auth is off.
 */
function mayRead(
  options: Pick<ArtifactServingOptions, 'authRequired' | 'now'>,
  { record, reader }: { record: ArtifactRecord; reader: Reader },
): boolean {
  if (record.expiresAt !== undefined && record.expiresAt <= options.now()) {
    return false;
  }
  if (record.keyId === undefined) return !options.authRequired;
  if (reader.keyId !== record.keyId) return false;
  return reader.subject === undefined || reader.subject === record.subject;
}

/** A Node stream as the web stream a `Response` takes, read as the client reads (backpressure). */
function toWebStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks: AsyncIterator<unknown> = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value as Uint8Array);
    },
    cancel() {
      body.destroy();
    },
  });
}

function notFound(): HTTPException {
  return new HTTPException(404, { message: 'No such artifact.' });
}
