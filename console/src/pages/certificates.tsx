// Certificates and tokens: the host's TLS certificate (renew the generated one) and each connector's secret
// token, rotated with an overlap in which the old token still works.
import { useState } from 'preact/hooks';
import { api, get } from '../api.ts';
import { useConnectors } from '../components/connector-picker.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { useLoad } from '../components/use-load.ts';
import { span, when } from '../format.ts';
import { useReadOnly } from '../session.ts';

/** GET /certificate. */
export interface CertInfo {
  source: 'generated' | 'pem' | 'pfx' | 'none';
  subject?: string;
  issuer?: string;
  subjectAltName?: string;
  validFrom?: string;
  validTo?: string;
  expiresInSeconds: number;
  fingerprint256?: string;
  renewable: boolean;
}

/** GET /connectors/:name/tokens: fingerprints (first 12 hex of SHA-256), never the tokens. */
interface Tokens {
  current: { fingerprint: string };
  /** Earlier tokens of a rotation; `accepted` while their overlap lasts. */
  previous: { fingerprint: string; validUntil: string; accepted: boolean }[];
}

interface Rotated {
  token: string;
  previousValidUntil: string;
  tenantUrl: string;
}

function Certificate() {
  const readOnly = useReadOnly();
  const d = useLoad(() => get<CertInfo>('/certificate'), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [renewed, setRenewed] = useState(false);
  const renew = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/certificate/renew');
      setRenewed(true);
      d.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const c = d.data;
  return (
    <section class="card" aria-labelledby="cert-title">
      <h2 id="cert-title">TLS certificate</h2>
      <ErrorBox error={d.error} />
      {c && c.source === 'none' && <p>The host serves plain HTTP: there is no certificate.</p>}
      {c && c.source !== 'none' && (
        <dl class="facts">
          <dt>Subject</dt>
          <dd>{c.subject}</dd>
          <dt>Alternative names</dt>
          <dd>{c.subjectAltName}</dd>
          <dt>Issuer</dt>
          <dd>{c.issuer}</dd>
          <dt>Valid</dt>
          <dd>
            {when(c.validFrom)} to {when(c.validTo)}{' '}
            <span class={`badge ${c.expiresInSeconds > 30 * 86400 ? 'good' : 'bad'}`}>
              expires in {span(c.expiresInSeconds)}
            </span>
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code class="wrap">{c.fingerprint256}</code>
          </dd>
          <dt>Source</dt>
          <dd>{c.source}</dd>
        </dl>
      )}
      {c?.renewable && (
        <button type="button" disabled={busy || readOnly} onClick={renew}>
          {busy ? 'Renewing…' : 'Renew the certificate'}
        </button>
      )}
      {renewed && (
        <p class="ok" role="status">
          Renewed; new connections get the new certificate, open ones are kept.
        </p>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

function TokenRow({ name }: { name: string }) {
  const readOnly = useReadOnly();
  const path = `/connectors/${encodeURIComponent(name)}`;
  const d = useLoad(() => get<Tokens>(`${path}/tokens`), [name]);
  const [overlap, setOverlap] = useState('1440');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [rotated, setRotated] = useState<Rotated | undefined>(undefined);
  const rotate = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setRotated(await api<Rotated>('POST', `${path}/token/rotate`, { overlapMinutes: Number(overlap) }));
      d.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const id = `overlap-${name}`;
  return (
    <section class="card" aria-labelledby={`tok-${name}`}>
      <h3 id={`tok-${name}`}>{name}</h3>
      <ErrorBox error={d.error} />
      {d.data && (
        <ul class="plain">
          <li>
            Current token <abbr title="first 12 hex digits of the token's SHA-256">fingerprint</abbr>{' '}
            <code>{d.data.current.fingerprint}</code>
          </li>
          {d.data.previous.map((p) => (
            <li key={p.validUntil + p.fingerprint}>
              Previous token <code>{p.fingerprint}</code>{' '}
              <span class={`badge ${p.accepted ? 'good' : 'bad'}`}>{p.accepted ? 'works until' : 'expired'}</span>{' '}
              {when(p.validUntil)}
            </li>
          ))}
        </ul>
      )}
      <form class="filters" onSubmit={rotate}>
        <div class="field inline">
          <label for={id}>Overlap (minutes the old token keeps working)</label>
          <input
            id={id}
            type="number"
            step="any"
            min={0}
            max={43200}
            value={overlap}
            disabled={readOnly}
            onInput={(e) => setOverlap(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={busy || readOnly}>
          Rotate token of {name}
        </button>
      </form>
      <ErrorBox error={error} />
      {rotated && (
        <div class="ok" role="status">
          <p>New token, shown only this once; the old one works until {when(rotated.previousValidUntil)}.</p>
          <CopyField id={`new-${name}`} label={`New token of ${name}`} value={rotated.token} what="token" />
        </div>
      )}
    </section>
  );
}

/** The Certificates and tokens page. */
export function CertificatesPage() {
  const cs = useConnectors();
  return (
    <>
      <h1>Certificates and tokens</h1>
      <Certificate />
      <h2>Connector tokens</h2>
      <ErrorBox error={cs.error} />
      <div class="cards">
        {(cs.data ?? []).map((c) => (
          <TokenRow key={c.name} name={c.name} />
        ))}
      </div>
    </>
  );
}
