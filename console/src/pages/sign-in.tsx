// Sign-in with the admin token (or the read-only one); a wrong token shows the host's words.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorBox } from '../components/error-box.tsx';
import type { Session } from '../session.ts';

/** The sign-in form. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api<Session>('POST', '/session', { token: token.trim() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card signin" onSubmit={submit}>
      <h1>Ferry console</h1>
      <p>Sign in with the host's admin token (FERRY_ADMIN_TOKEN), or its read-only token to look without changing.</p>
      <div class="field">
        <label for="token">Admin token</label>
        <input
          id="token"
          type="password"
          autocomplete="current-password"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </div>
      <ErrorBox error={error} />
      <button type="submit" disabled={busy || !token.trim()}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
