import * as eventsourceModule from 'eventsource';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSwitchyardClient,
  type SwitchyardEventSource,
} from '../src/index';

const URL = 'http://127.0.0.1:8787';

/** An EventSource like a runtime's own: it takes no `fetch` option. */
class GlobalLikeEventSource extends eventsourceModule.EventSource {
  constructor(url: string, init?: { withCredentials?: boolean }) {
    super(url, { withCredentials: init?.withCredentials ?? false });
  }
}

describe('createSwitchyardClient', () => {
  describe('EventSource', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('should refuse a value that is not a class, saying to leave it out', () => {
      // A JavaScript caller passing the module rather than its class.
      const namespace = eventsourceModule as unknown as SwitchyardEventSource;
      expect(() =>
        createSwitchyardClient({ url: URL, EventSource: namespace }),
      ).toThrow(
        /`EventSource` is an object \(a module namespace\?\), not an EventSource class\. Leave `EventSource` out: the default, the `eventsource` package’s EventSource, sends the API key and headers .* Node 20 \(which has no global EventSource\)/,
      );
    });

    it('should refuse the global EventSource with an API key or headers, which it cannot send', () => {
      vi.stubGlobal('EventSource', GlobalLikeEventSource);
      const EventSource = globalThis.EventSource as SwitchyardEventSource;
      expect(() =>
        createSwitchyardClient({ url: URL, apiKey: 'sk_1', EventSource }),
      ).toThrow(
        /the global `EventSource` cannot send the `Authorization` header.*Leave `EventSource` out/,
      );
      expect(() =>
        createSwitchyardClient({ url: URL, headers: {}, EventSource }),
      ).toThrow(TypeError);
      // Without a key or headers (a gateway without auth) it can stream.
      expect(() =>
        createSwitchyardClient({ url: URL, EventSource }),
      ).not.toThrow();
    });

    it('should take the eventsource package’s class, or none (Node 20 has no global EventSource)', () => {
      vi.stubGlobal('EventSource', undefined); // as on Node 20
      const EventSource = globalThis.EventSource as SwitchyardEventSource;
      expect(() =>
        createSwitchyardClient({ url: URL, apiKey: 'sk_1', EventSource }),
      ).not.toThrow();
      expect(() =>
        createSwitchyardClient({
          url: URL,
          apiKey: 'sk_1',
          EventSource: eventsourceModule.EventSource,
        }),
      ).not.toThrow();
    });
  });
});
