import { useEffect } from 'react';
import {
  CONSOLE_PAGES,
  type ConsolePage,
} from '../../src/console/console-pages';
import { Link, navigate, usePath } from './navigation';
import { GenerationsPage } from './pages/generations-page';
import { HealthPage } from './pages/health-page';
import { JobsPage } from './pages/jobs-page';
import { KeysPage } from './pages/keys-page';
import { PlaygroundPage } from './pages/playground-page';
import { UsagePage } from './pages/usage-page';
import type { Identity } from './use-sign-in';

const TITLES: Record<ConsolePage, string> = {
  playground: 'Playground',
  health: 'Health',
  usage: 'Usage',
  jobs: 'Jobs',
  generations: 'Generations',
  keys: 'Keys',
};

/** The page a path shows: its first segment, when it names one. */
function pageOf(path: string): ConsolePage | undefined {
  const segment = path.split('/')[1];
  return CONSOLE_PAGES.find((page) => page === segment);
}

function PageContent(props: { page: ConsolePage; identity: Identity }) {
  switch (props.page) {
    case 'playground':
      return <PlaygroundPage />;
    case 'health':
      return <HealthPage />;
    case 'usage':
      return <UsagePage />;
    case 'jobs':
      return <JobsPage />;
    case 'generations':
      return <GenerationsPage />;
    case 'keys':
      return props.identity.role === 'admin' ? (
        <KeysPage ownKeyId={props.identity.keyId} />
      ) : (
        <p role="alert">Keys are managed with an admin key.</p>
      );
  }
}

/** The signed-in console: who is signed in, the pages' links, the page. */
export function Shell(props: { identity: Identity; onSignOut: () => void }) {
  const { identity } = props;
  const admin = identity.role === 'admin';
  const path = usePath();
  const page = pageOf(path);
  useEffect(() => {
    if (page === undefined) navigate('/playground', { replace: true });
  }, [page]);
  const shown = page ?? 'playground';
  useEffect(() => {
    document.title = `${TITLES[shown]} · Switchyard console`;
  }, [shown]);
  return (
    <div className="shell">
      <header>
        <strong>Switchyard</strong>
        <nav aria-label="Console">
          {CONSOLE_PAGES.filter((each) => each !== 'keys' || admin).map(
            (each) => (
              <Link key={each} to={`/${each}`} current={each === shown}>
                {TITLES[each]}
              </Link>
            ),
          )}
        </nav>
        <span
          className="identity"
          data-testid="identity"
          data-role={identity.role}
        >
          {identity.name ?? identity.keyId ?? identity.kind} ({identity.role})
        </span>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        <h1>{TITLES[shown]}</h1>
        <PageContent page={shown} identity={identity} />
      </main>
    </div>
  );
}
