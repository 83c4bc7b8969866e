import { useSyncExternalStore, type ReactNode } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The page's path (`/jobs`), following links and the browser's back and forward. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Goes to `path` without reloading the page (`replace`: without a history entry). */
export function navigate(path: string, options: { replace?: boolean } = {}) {
  if (options.replace === true) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** A link within the console: a real `<a href>` that navigates in place. */
export function Link(props: {
  to: string;
  current?: boolean;
  children: ReactNode;
}) {
  return (
    <a
      href={props.to}
      aria-current={props.current === true ? 'page' : undefined}
      onClick={(event) => {
        const modified =
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
        if (modified || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
