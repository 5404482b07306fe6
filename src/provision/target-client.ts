// What provisioning one user asks of the target: ConnId-like operations on one SCIM resource type. ScimClient
// sends each as its own request; BatchingClient sends what several users ask at once together.
import type { TargetPath } from './target-path.ts';

/** A SCIM resource as returned by the target. */
export type ScimResource = { id?: string; [key: string]: unknown };

/** One PATCH operation (Entra's capitalised op names). */
export interface PatchOperation {
  op: 'Add' | 'Replace' | 'Remove';
  path: string;
  value?: unknown;
}

/** A request as seen in a report: method, path, status and duration (never a body). */
export interface RequestTrace {
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  /** Set when the request carried this many users' operations at once (the path shows this user's part). */
  batch?: number;
}

/** The target's operations on one resource type (requests are appended to `trace` when given). */
export interface TargetClient {
  /** One resource by id; undefined when the target does not have it. */
  get(id: string, trace?: RequestTrace[]): Promise<ScimResource | undefined>;
  /** The resources whose attribute at `path` equals `value` (matching expects zero or one). */
  findEqual(path: TargetPath, value: string | number | boolean, trace?: RequestTrace[]): Promise<ScimResource[]>;
  /** Creates a resource; returns it (its id at least) as the target stored it. */
  create(resource: Record<string, unknown>, trace?: RequestTrace[]): Promise<ScimResource>;
  /** Applies PATCH operations; returns the resource when the target sends it back. */
  patch(id: string, operations: readonly PatchOperation[], trace?: RequestTrace[]): Promise<ScimResource | undefined>;
  /** Deletes a resource; "notFound" when it was already gone. */
  delete(id: string, trace?: RequestTrace[]): Promise<'deleted' | 'notFound'>;
}
