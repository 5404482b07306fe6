// The shell: sign-in until there is a session, then the navigation and the current page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, get, setCsrfToken } from './api.ts';
import { ErrorBox } from './components/error-box.tsx';
import { AuditPage } from './pages/audit.tsx';
import { CertificatesPage } from './pages/certificates.tsx';
import { ConnectorPage } from './pages/connector.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { LogsPage } from './pages/logs.tsx';
import { NewConnectorPage } from './pages/new-connector.tsx';
import { ProjectPage } from './pages/project.tsx';
import { RunsPage } from './pages/runs.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SpacePage } from './pages/space.tsx';
import { href, type Route, useRoute } from './router.ts';
import { type Session, SessionContext } from './session.ts';

const NAV: [string, string][] = [
  ['', 'Dashboard'],
  ['new', 'New connector'],
  ['project', 'Project'],
  ['space', 'Connector space'],
  ['logs', 'Provisioning log'],
  ['runs', 'Runs'],
  ['certificates', 'Certificates and tokens'],
  ['audit', 'Audit log'],
];

function Page({ route }: { route: Route }) {
  const [top, name] = route.parts;
  switch (top) {
    case undefined:
      return <DashboardPage />;
    case 'connectors':
      return name ? <ConnectorPage name={name} route={route} /> : <DashboardPage />;
    case 'new':
      return <NewConnectorPage />;
    case 'project':
      return <ProjectPage route={route} />;
    case 'space':
      return <SpacePage route={route} />;
    case 'logs':
      return <LogsPage route={route} />;
    case 'runs':
      return <RunsPage route={route} />;
    case 'certificates':
      return <CertificatesPage />;
    case 'audit':
      return <AuditPage route={route} />;
    default:
      return (
        <p role="alert" class="error">
          There is no page at #{route.parts.join('/')}. <a href="#/">Go to the dashboard</a>.
        </p>
      );
  }
}

/** The whole console. */
export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    get<Session>('/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      },
      (e: unknown) => {
        // 401: not signed in; anything else (console off, host down) is shown on the sign-in page.
        if (!(e instanceof ApiError && e.status === 401)) setError(e);
        setSession(null);
      },
    );
  }, []);
  // A page that finds the session gone (401) sends the person back to sign-in.
  useEffect(() => {
    const on = () => setSession(null);
    addEventListener('ferry:signed-out', on);
    return () => removeEventListener('ferry:signed-out', on);
  }, []);
  // Each page's heading names the page in the window title.
  useEffect(() => {
    const item = NAV.find(([p]) => p === (route.parts[0] ?? ''));
    document.title = `${route.parts[0] === 'connectors' ? route.parts[1] : (item?.[1] ?? 'Ferry')} · Ferry console`;
  }, [route]);

  if (session === undefined) return <p class="muted center">Loading…</p>;
  if (!session)
    return (
      <main id="main" class="signin-main">
        <ErrorBox error={error} />
        <SignIn
          onSignedIn={(s) => {
            setCsrfToken(s.csrfToken);
            setError(undefined);
            setSession(s);
          }}
        />
      </main>
    );
  const signOut = async () => {
    try {
      await api('DELETE', '/session');
    } catch (e) {
      setError(e);
      return;
    }
    setCsrfToken('');
    setSession(null);
  };
  const current = route.parts[0] ?? '';
  return (
    <SessionContext.Provider value={session}>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/">
          Ferry console
        </a>
        <nav aria-label="Pages" class="nav">
          {NAV.map(([p, label]) => (
            <a key={p} href={href(...(p ? [p] : []))} aria-current={current === p ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span class={`role ${session.role}`} title={session.fingerprint ? `token ${session.fingerprint}` : undefined}>
            {session.role === 'admin' ? 'Administrator' : 'Read-only'}
          </span>
          <button type="button" class="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBox error={error} />
        <Page route={route} />
      </main>
    </SessionContext.Provider>
  );
}
