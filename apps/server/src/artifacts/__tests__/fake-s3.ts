import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake S3 received: its operation, object key and headers. */
export interface FakeS3Call {
  operation:
    | 'PutObject'
    | 'CreateMultipartUpload'
    | 'UploadPart'
    | 'CompleteMultipartUpload'
    | 'AbortMultipartUpload'
    | 'GetObject'
    | 'DeleteObject'
    | 'Unknown';
  key: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A fake S3-compatible endpoint (path-style, one bucket) on 127.0.0.1. */
export interface FakeS3 extends AsyncDisposable {
  url: string;
  /** The stored objects by key. */
  objects: Map<string, Uint8Array>;
  /** Multipart uploads started and neither completed nor aborted. */
  openUploads: Set<string>;
  calls: FakeS3Call[];
  close(): Promise<void>;
}

/**
 * Starts a fake S3 speaking just enough of the REST API for the AWS SDK's
 * PutObject, multipart uploads (create, part, complete, abort), GetObject
 * (with a byte range) and DeleteObject, path-style (`/bucket/key`). It
 * checks no signature; it only keeps what it was sent.
 */
export async function startFakeS3(bucket: string): Promise<FakeS3> {
  const objects = new Map<string, Uint8Array>();
  const uploads = new Map<
    string,
    { key: string; parts: Map<number, Buffer> }
  >();
  const openUploads = new Set<string>();
  const calls: FakeS3Call[] = [];
  let uploadCount = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const prefix = `/${bucket}/`;
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      const query = url.searchParams;
      const call = (operation: FakeS3Call['operation']) =>
        calls.push({ operation, key, headers: request.headers });
      if (!url.pathname.startsWith(prefix)) {
        call('Unknown');
        return send(response, { status: 404, body: errorXml('NoSuchBucket') });
      }
      const method = request.method;
      if (method === 'POST' && query.has('uploads')) {
        call('CreateMultipartUpload');
        uploadCount += 1;
        const uploadId = `upload-${uploadCount}`;
        uploads.set(uploadId, { key, parts: new Map() });
        openUploads.add(uploadId);
        return send(response, {
          status: 200,
          body: `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
        });
      }
      const uploadId = query.get('uploadId');
      const upload = uploadId === null ? undefined : uploads.get(uploadId);
      if (method === 'PUT' && upload !== undefined) {
        call('UploadPart');
        const part = Number(query.get('partNumber'));
        upload.parts.set(part, body);
        return send(response, {
          status: 200,
          body: '',
          headers: { etag: `"part-${part}"` },
        });
      }
      if (method === 'POST' && upload !== undefined && uploadId !== null) {
        call('CompleteMultipartUpload');
        const parts = [...upload.parts.entries()].sort(([a], [b]) => a - b);
        objects.set(upload.key, Buffer.concat(parts.map(([, data]) => data)));
        openUploads.delete(uploadId);
        return send(response, {
          status: 200,
          body: `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"whole"</ETag></CompleteMultipartUploadResult>`,
        });
      }
      if (method === 'DELETE' && uploadId !== null) {
        call('AbortMultipartUpload');
        openUploads.delete(uploadId);
        uploads.delete(uploadId);
        return send(response, { status: 204, body: '' });
      }
      if (method === 'PUT') {
        call('PutObject');
        objects.set(key, body);
        return send(response, {
          status: 200,
          body: '',
          headers: { etag: '"whole"' },
        });
      }
      if (method === 'GET') {
        call('GetObject');
        return sendObject(response, objects.get(key), request.headers.range);
      }
      if (method === 'DELETE') {
        call('DeleteObject');
        objects.delete(key);
        return send(response, { status: 204, body: '' });
      }
      call('Unknown');
      return send(response, { status: 400, body: errorXml('NotImplemented') });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    openUploads,
    calls,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  answer: {
    status: number;
    body: string | Uint8Array;
    headers?: Record<string, string>;
  },
): void {
  const { status, body, headers } = answer;
  response.writeHead(status, {
    ...(typeof body === 'string' && body !== ''
      ? { 'content-type': 'application/xml' }
      : {}),
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

/** GetObject: the object, or one `bytes=start-end` range of it (206). */
function sendObject(
  response: ServerResponse,
  object: Uint8Array | undefined,
  range: string | undefined,
): void {
  if (object === undefined)
    return send(response, { status: 404, body: errorXml('NoSuchKey') });
  const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  if (match === null) {
    return send(response, {
      status: 200,
      body: object,
      headers: { 'content-type': 'video/mp4' },
    });
  }
  const start = Number(match[1]);
  const end = Math.min(Number(match[2]), object.byteLength - 1);
  send(response, {
    status: 206,
    body: object.subarray(start, end + 1),
    headers: {
      'content-type': 'video/mp4',
      'content-range': `bytes ${start}-${end}/${object.byteLength}`,
    },
  });
}

function errorXml(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
}
