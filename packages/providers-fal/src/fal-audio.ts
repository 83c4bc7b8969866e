import {
  SwitchyardError,
  getBinary,
  type AudioFormat,
  type CallOptions,
  type ProviderAudio,
} from '@switchyard/core';
import type { FalFile } from './fal-api';
import type { FalModelConfig } from './fal-endpoint';

/** The largest audio file fetched from fal's media host (about 10 min of 44.1 kHz stereo WAV would not fit; mp3 does). */
export const MAX_AUDIO_BYTES = 50 * 1024 * 1024;

const FORMAT_BY_TYPE: Readonly<Record<string, AudioFormat>> = {
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'opus',
  'audio/opus': 'opus',
  'audio/aac': 'aac',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
};

const FORMAT_BY_EXTENSION: Readonly<Record<string, AudioFormat>> = {
  wav: 'wav',
  mp3: 'mp3',
  ogg: 'opus',
  opus: 'opus',
  aac: 'aac',
  flac: 'flac',
};

/** The container of a fal file: its content type, else the served type, else its extension. */
function formatOf(file: FalFile, servedType: string): AudioFormat | undefined {
  for (const type of [file.content_type, servedType]) {
    const known =
      FORMAT_BY_TYPE[type?.split(';')[0]?.trim().toLowerCase() ?? ''];
    if (known !== undefined) return known;
  }
  const name = file.file_name ?? new URL(file.url).pathname;
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(FORMAT_BY_EXTENSION, extension)
    ? FORMAT_BY_EXTENSION[extension]
    : undefined;
}

function invalid(provider: string, message: string): SwitchyardError {
  return new SwitchyardError({ code: 'invalid_response', provider, message });
}

/**
 * Downloads the audio file an output points to and hands it over inline, so
 * the gateway's check decodes and measures it. The download is bounded
 * ({@link MAX_AUDIO_BYTES}), stops when the call is aborted, and carries no
 * key: fal's media host is public and is not fal's API.
 */
export async function downloadFalAudio(options: {
  file: FalFile;
  config: FalModelConfig;
  call: CallOptions;
}): Promise<ProviderAudio> {
  const { file, config, call } = options;
  const { provider } = config;
  if (!/^https?:\/\//i.test(file.url)) {
    throw invalid(
      provider,
      `${provider} answered with an audio URL that is not http(s).`,
    );
  }
  if ((file.file_size ?? 0) > MAX_AUDIO_BYTES) {
    throw invalid(
      provider,
      `${provider}'s audio file is ${file.file_size} bytes, more than the ${MAX_AUDIO_BYTES} the gateway fetches.`,
    );
  }
  const { value } = await getBinary({
    url: file.url,
    provider,
    signal: call.signal,
    fetch: config.fetch,
    userAgent: config.userAgent,
    maxResponseBytes: MAX_AUDIO_BYTES,
  });
  const format = formatOf(file, value.mimeType);
  if (format === undefined) {
    throw invalid(
      provider,
      `${provider} answered with audio of an unknown type (${file.content_type ?? value.mimeType}).`,
    );
  }
  return {
    base64: Buffer.from(value.data).toString('base64'),
    format,
    ...(file.duration == null ? {} : { durationMs: file.duration * 1000 }),
  };
}
