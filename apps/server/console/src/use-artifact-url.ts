import { useEffect, useState } from 'react';
import { loadStoredKey } from './stored-key';

/**
 * A kept output (`GET /artifacts/:id`, which needs the key) as a `blob:`
 * URL a media element can play; undefined until fetched, or without `path`.
 */
export function useArtifactUrl(path: string | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    let objectUrl: string | undefined;
    const apiKey = loadStoredKey();
    void fetch(new URL(path, window.location.origin), {
      headers:
        apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
      signal: controller.signal,
    })
      .then((response) => (response.ok ? response.blob() : undefined))
      .then((blob) => {
        if (blob === undefined) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      if (objectUrl !== undefined) URL.revokeObjectURL(objectUrl);
    };
  }, [path]);
  return url;
}
