import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureResponse, fixturesDirectory } from './fixture-response';

describe('fixturesDirectory', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('should default to the fixtures the package ships', () => {
    vi.stubEnv('SWITCHYARD_FIXTURES_DIR', '');
    const directory = fixturesDirectory();
    expect(directory.endsWith(join('testing', 'fixtures'))).toBe(true);
    expect(readFileSync(join(directory, 'README.md'), 'utf8')).toContain(
      'Provider fixtures',
    );
  });

  it('should honour SWITCHYARD_FIXTURES_DIR', () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-fixtures-'));
    writeFileSync(
      join(directory, 'custom.json'),
      JSON.stringify({ status: 418, headers: {}, body: { error: 'teapot' } }),
    );
    vi.stubEnv('SWITCHYARD_FIXTURES_DIR', directory);
    expect(fixturesDirectory()).toBe(resolve(directory));
    expect(fixtureResponse('custom.json')).toEqual({
      type: 'error',
      status: 418,
      headers: {},
      body: { error: 'teapot' },
    });
  });
});

describe('fixtureResponse', () => {
  it('should turn a wrapped error fixture into an error response', () => {
    const response = fixtureResponse('openai/error-429.rate-limit-tokens.json');
    expect(response).toMatchObject({
      type: 'error',
      status: 429,
      headers: expect.objectContaining({
        'retry-after': '2',
        'x-ratelimit-reset-tokens': '1.146s',
      }),
      body: { error: expect.objectContaining({ code: 'rate_limit_exceeded' }) },
    });
  });

  it('should drop connection headers a replay must not repeat', () => {
    const response = fixtureResponse(
      'huggingface/error-503.model-loading.json',
    );
    expect(response.type).toBe('error');
    const headers = 'headers' in response ? (response.headers ?? {}) : {};
    expect(headers).not.toHaveProperty('connection');
    expect(headers['content-type']).toBe('application/json');
  });

  it('should serve a bare *.body.json as a 200 JSON response', () => {
    expect(
      fixtureResponse('openai/chat-completions.success.body.json'),
    ).toMatchObject({ type: 'json', body: { object: 'chat.completion' } });
  });

  it('should split an SSE transcript into one chunk per event, with the recorded headers', () => {
    const transcript = readFileSync(
      join(fixturesDirectory(), 'anthropic/messages.stream.txt'),
      'utf8',
    );
    const response = fixtureResponse('anthropic/messages.stream.txt');
    if (response.type !== 'sse') throw new Error(`got ${response.type}`);
    expect(response.chunks.join('')).toBe(transcript);
    expect(response.chunks[0]).toMatch(/^event: message_start\n/);
    expect(response.chunks.every((chunk) => chunk.endsWith('\n\n'))).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'request-id': 'req_011CYEXg9iLMo4YhB4XfkXBw',
    });
    expect(response.headers).not.toHaveProperty('transfer-encoding');
  });

  it('should serve a headers-only fixture as an empty binary body', () => {
    expect(
      fixtureResponse('huggingface/text-to-image.success.headers.json'),
    ).toMatchObject({
      type: 'binary',
      status: 200,
      headers: { 'content-type': 'image/jpeg' },
      body: new Uint8Array(),
    });
  });

  it('should fail clearly for a missing fixture', () => {
    expect(() => fixtureResponse('openai/does-not-exist.json')).toThrow(
      /does-not-exist/,
    );
  });
});
