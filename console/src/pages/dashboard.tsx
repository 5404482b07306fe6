// The dashboard: every connector's health and the provisioning activity of the last 24 hours.
import { get } from '../api.ts';
import { Loading } from '../components/busy.tsx';
import { type ActivityRow, fillBuckets } from '../activity.ts';
import { ActivityChart, LatencyChart } from '../components/charts.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { useLoad } from '../components/use-load.ts';
import { duration, span, when } from '../format.ts';
import { href } from '../router.ts';
import type { CertInfo } from './certificates.tsx';

interface LastImport {
  kind?: string;
  at?: string;
  durationMs?: number;
  objects?: number;
  ok?: boolean;
  error?: string;
}

/** A connector's row of GET /dashboard. */
interface ConnectorHealth {
  name: string;
  kind: string;
  tenantUrl?: string;
  health: {
    status: string;
    reachable?: boolean;
    credentialsAccepted?: boolean;
    lastImport?: LastImport;
    lastExportError?: { at: string; code: string; message: string };
    problems?: string[];
  };
  import?: { running?: boolean };
}

interface Dashboard {
  from: string;
  to: string;
  bucketSeconds: number;
  certificate: CertInfo | null;
  connectors: ConnectorHealth[];
  activity: ActivityRow[];
  /** False when the log store cannot aggregate activity. */
  activityAvailable?: boolean;
}

/** Yes / no / unknown with a word, not only a colour. */
function Flag({ ok, yes, no }: { ok: boolean | undefined; yes: string; no: string }) {
  if (ok === undefined) return <span class="badge">unknown</span>;
  return <span class={`badge ${ok ? 'good' : 'bad'}`}>{ok ? yes : no}</span>;
}

function HealthCard({ c, cert }: { c: ConnectorHealth; cert: CertInfo | null }) {
  const h = c.health;
  const li = h.lastImport;
  return (
    <article class="card connector-card" aria-labelledby={`c-${c.name}`}>
      <h2 id={`c-${c.name}`}>
        <a href={href('connectors', c.name)}>{c.name}</a>{' '}
        <span class={`badge ${h.status === 'ok' ? 'good' : 'bad'}`}>{h.status}</span>
        {c.import?.running && <span class="badge">importing</span>}
      </h2>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{c.kind}</dd>
        {c.tenantUrl && (
          <>
            <dt>Tenant URL</dt>
            <dd>
              <code>{c.tenantUrl}</code>
            </dd>
          </>
        )}
        <dt>Application</dt>
        <dd>
          <Flag ok={h.reachable} yes="reachable" no="unreachable" />
        </dd>
        <dt>Credentials</dt>
        <dd>
          <Flag ok={h.credentialsAccepted} yes="accepted" no="refused" />
        </dd>
        <dt>Last import</dt>
        <dd>
          {li ? (
            <>
              <span class={`badge ${li.ok ? 'good' : 'bad'}`}>{li.ok ? 'succeeded' : 'failed'}</span> {li.kind}{' '}
              {when(li.at)}, {duration(li.durationMs)}, {li.objects ?? 0} objects
              {li.error && <div class="error-text">{li.error}</div>}
            </>
          ) : (
            'none yet'
          )}
        </dd>
        <dt>Last export error</dt>
        <dd>
          {h.lastExportError ? (
            <span class="error-text">
              {when(h.lastExportError.at)}: {h.lastExportError.message} ({h.lastExportError.code})
            </span>
          ) : (
            'none'
          )}
        </dd>
        <dt>Certificate</dt>
        <dd>{cert && cert.source !== 'none' ? `expires in ${span(cert.expiresInSeconds)}` : 'plain HTTP'}</dd>
      </dl>
      {h.problems && h.problems.length > 0 && (
        <ul class="problems">
          {h.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <p class="links">
        <a href={href('connectors', c.name)}>Settings</a> · <a href={`#/runs?c=${encodeURIComponent(c.name)}`}>Runs</a>{' '}
        · <a href={`#/space?c=${encodeURIComponent(c.name)}`}>Space</a> ·{' '}
        <a href={`#/logs?connector=${encodeURIComponent(c.name)}`}>Log</a> ·{' '}
        <a href={`#/project?c=${encodeURIComponent(c.name)}`}>Project</a>
      </p>
    </article>
  );
}

/** The dashboard page. */
export function DashboardPage() {
  const d = useLoad(() => get<Dashboard>('/dashboard?hours=24&buckets=48'), []);
  const buckets = d.data && fillBuckets(d.data.from, d.data.to, d.data.bucketSeconds, d.data.activity);
  return (
    <>
      <div class="page-head">
        <h1>Dashboard</h1>
        <button type="button" class="secondary" onClick={d.reload}>
          Refresh
        </button>
      </div>
      <ErrorBox error={d.error} />
      {!d.data && d.loading && <Loading what="the connectors' health" />}
      {d.data && (
        <>
          <div class="cards">
            {d.data.connectors.map((c) => (
              <HealthCard key={c.name} c={c} cert={d.data!.certificate} />
            ))}
          </div>
          <h2>Last 24 hours</h2>
          {d.data.activityAvailable === false && <p class="muted">This host's log store does not report activity.</p>}
          <div class="charts">
            <ActivityChart buckets={buckets!} />
            <LatencyChart buckets={buckets!} />
          </div>
        </>
      )}
    </>
  );
}
