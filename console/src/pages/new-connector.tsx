// The New connector wizard: the same pages as a connector's settings, one after the other; the host generates
// the secret token and shows it once with the tenant URL, to paste into Entra.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Loading, Progress } from '../components/busy.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { PAGES, SettingsEditor, pageOf } from '../components/settings-editor.tsx';
import { useLoad } from '../components/use-load.ts';
import { loadSchema, useSettings } from '../components/use-settings.ts';
import { href } from '../router.ts';
import type { JsonSchema } from '../schema.ts';
import { useReadOnly } from '../session.ts';

/** POST /connectors answer: the token is never shown again. */
interface Created {
  name: string;
  tenantUrl: string;
  token: string;
}

const START: Record<string, unknown> = {
  name: '',
  kind: 'web-services',
  exposure: 'scim',
  connectivity: { project: '' },
  objectTypes: [{ name: 'User', anchor: 'id', attributes: [] }],
};
// Stands in for the token the host will generate, so the schema check does not ask for one.
const FILL = { secretToken: 'generated-by-the-host' };

/** Shows the new connector's tenant URL and token once, with copy buttons. */
function CreatedBox({ c }: { c: Created }) {
  return (
    <div class="ok created" role="status">
      <h2>Connector {c.name} is running</h2>
      <p>Paste these into Entra (Provisioning → Admin credentials). The token is shown only this once.</p>
      <CopyField id="tenant-url" label="Tenant URL" value={c.tenantUrl} what="URL" />
      <CopyField id="secret-token" label="Secret token" value={c.token} what="token" />
      <p>
        <a href={href('connectors', c.name)}>Open its settings</a>
      </p>
    </div>
  );
}

function Wizard({ root }: { root: JsonSchema }) {
  const readOnly = useReadOnly();
  const s = useSettings(root, START, { fill: FILL });
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<Created | undefined>(undefined);
  if (created) return <CreatedBox c={created} />;
  const page = PAGES[step]!;
  const last = step === PAGES.length - 1;
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await api<Created>('POST', '/connectors', { connector: s.draft }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <SettingsEditor
        schema={s.schema}
        value={s.draft}
        onChange={s.setDraft}
        page={page.id}
        onPage={(id) => setStep(PAGES.findIndex((p) => p.id === id))}
        problems={s.problems}
        disabled={readOnly || busy}
        hidden={['secretToken']}
      />
      <div class="actions">
        <button type="button" class="secondary" disabled={step === 0} onClick={() => setStep(step - 1)}>
          Back
        </button>
        {!last && (
          <button type="button" onClick={() => setStep(step + 1)}>
            Next: {PAGES[step + 1]!.title}
          </button>
        )}
        <button type="button" class={last ? '' : 'secondary'} disabled={busy || readOnly} onClick={create}>
          {busy ? 'Creating…' : 'Create connector'}
        </button>
        {s.problems.size > 0 && (
          <span class="field-problem" role="status">
            {s.problems.size} problem{s.problems.size === 1 ? '' : 's'}, first on page{' '}
            {PAGES.find((p) => p.id === pageOf([...s.problems.keys()][0]!))?.title}
          </span>
        )}
      </div>
      {busy && <Progress label="Creating the connector, then reloading the host" />}
      <ErrorBox error={error} />
    </>
  );
}

/** The New connector page. */
export function NewConnectorPage() {
  const d = useLoad(loadSchema, []);
  return (
    <>
      <h1>New connector</h1>
      <ErrorBox error={d.error} />
      {!d.data && d.loading && <Loading what="the settings schema" />}
      {d.data && <Wizard root={d.data} />}
    </>
  );
}
