// Who is signed in: the role decides whether change controls are enabled.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The session as GET /console/api/session reports it. */
export interface Session {
  role: 'admin' | 'readonly';
  csrfToken: string;
  expiresAt: string;
  fingerprint?: string;
}

/** The signed-in session, provided by the app shell. */
export const SessionContext = createContext<Session | null>(null);

/** True when the signed-in role may not change anything (change controls are disabled). */
export function useReadOnly(): boolean {
  return useContext(SessionContext)?.role !== 'admin';
}
