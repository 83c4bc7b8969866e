import { EventSource as FetchEventSource } from 'eventsource';
import type {
  SwitchyardClientSettings,
  SwitchyardEventSource,
} from './create-switchyard-client';

const LEAVE_IT_OUT =
  'Leave `EventSource` out: the default, the `eventsource` package’s EventSource, sends the API key and headers on every connection, in browsers and in Node 20 (which has no global EventSource) alike.';

/** What a value is, for an error message (never its contents). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object (a module namespace?)';
  return `a ${typeof value}`;
}

/**
 * The `EventSource` class subscriptions connect with: the one given, or
 * the `eventsource` package's. Throws a TypeError naming the fix when the
 * one given cannot work: not a class, or the global `EventSource` (which
 * cannot send the `Authorization` header) while a key or headers are set.
 */
export function eventSourceClass(
  settings: SwitchyardClientSettings,
): SwitchyardEventSource {
  const given: unknown = settings.EventSource;
  if (given === undefined) return FetchEventSource;
  if (typeof given !== 'function') {
    throw new TypeError(
      `createSwitchyardClient: \`EventSource\` is ${describeValue(given)}, not an EventSource class. ${LEAVE_IT_OUT}`,
    );
  }
  const sendsHeaders =
    settings.apiKey !== undefined || settings.headers !== undefined;
  if (sendsHeaders && given === globalThis.EventSource) {
    throw new TypeError(
      `createSwitchyardClient: the global \`EventSource\` cannot send the \`Authorization\` header, so the gateway would refuse every stream. ${LEAVE_IT_OUT}`,
    );
  }
  return given as SwitchyardEventSource;
}
