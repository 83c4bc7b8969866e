import { randomId, type TextStreamEvent } from '@switchyard/core';
import { tracked, type TrackedEnvelope } from '@trpc/server';

/**
 * Gives each event of a stream an id (`<stream>.<sequence>.<characters of
 * text sent>`), so a client that loses the connection reconnects with the
 * last one as `lastEventId` and the server can tell a reconnect from a new
 * stream.
 */
export async function* trackedEvents(
  events: AsyncIterable<TextStreamEvent>,
): AsyncGenerator<TrackedEnvelope<TextStreamEvent>> {
  const stream = randomId('str_', 9);
  let sequence = 0;
  let sentChars = 0;
  for await (const event of events) {
    sequence += 1;
    if (event.type === 'text-delta') sentChars += event.text.length;
    yield tracked(`${stream}.${sequence}.${sentChars}`, event);
  }
}

/**
 * What a reconnect to a stream gets: one `error` event and the end. The
 * stream's call ran on the connection that was cut (and was not charged
 * unless it ended); running it again would call, and charge, the provider
 * a second time, so nothing is called and nothing held.
 */
export function refuseReconnect(
  lastEventId: string,
): TrackedEnvelope<TextStreamEvent> {
  const [stream = '', , sent = ''] = lastEventId.split('.');
  const sentChars = Number.parseInt(sent, 10);
  return tracked(`${stream}.refused`, {
    type: 'error',
    id: stream,
    code: 'cancelled',
    message:
      'This stream was cut off (the connection dropped or the server stopped) and is not run again on a reconnect: start a new stream to generate again. Nothing more was charged.',
    incomplete: Number.isFinite(sentChars) && sentChars > 0,
    delivered: '',
    attempts: [],
  });
}
