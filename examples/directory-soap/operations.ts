// The operations of the Contoso Directory Service, as plain functions of their rpc parts: arguments in, the
// response parts out, DirectoryError for refusals. The SOAP layer (app.ts) wraps them.
import { DirectoryError } from './directory-error.ts';
import type { GroupStore } from './group-store.ts';
import { checkPolicy, hashPassword, verifyPassword } from './passwords.ts';
import type { PersonStore } from './person-store.ts';
import { bool, int, items, required, text } from './values.ts';

/** One operation: the rpc parts of the request → the parts of the response. */
export type Operation = (args: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** The version GetServiceInfo reports. */
export const SERVICE_VERSION = '2024.1';
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

function structure(v: unknown, name: string): Record<string, unknown> {
  if (v === undefined || v === null || v === '') throw new DirectoryError('InvalidValue', `${name} is required`);
  if (typeof v !== 'object' || Array.isArray(v))
    throw new DirectoryError('InvalidValue', `${name} must be a structure`);
  return v as Record<string, unknown>;
}

function changeList(v: unknown): { attribute: unknown; value?: unknown }[] {
  const raw = v && typeof v === 'object' ? (v as Record<string, unknown>).change : undefined;
  return items(raw).map((c) => structure(c, 'change') as { attribute: unknown; value?: unknown });
}

/** Every operation of the WSDL's port type, by name. */
export function directoryOperations(people: PersonStore, groups: GroupStore): Record<string, Operation> {
  const pageSize = (v: unknown) => int(v, 'pageSize', 1, MAX_PAGE) ?? DEFAULT_PAGE;
  return {
    GetServiceInfo: () => ({
      serviceName: 'Contoso Directory Service',
      version: SERVICE_VERSION,
      personCount: people.count(),
    }),

    ListPeople: (a) => {
      const page = people.list(text(a.pageToken), pageSize(a.pageSize));
      // rpc parts are always present: an empty token says this was the last page.
      return { people: { person: page.people }, nextPageToken: page.nextPageToken ?? '' };
    },
    GetPerson: (a) => ({ person: people.get(a.personId) }),
    AddPerson: (a) => ({ personId: people.add(structure(a.person, 'person')) }),
    ModifyPerson: (a) => ({ person: people.modify(a.personId, changeList(a.changes)) }),
    RemovePerson: (a) => {
      people.remove(a.personId);
      return {};
    },
    SetPassword: async (a) => {
      people.seqOf(a.personId); // NoSuchPerson before the policy: the more useful error first
      const password = text(a.password) ?? '';
      checkPolicy(password);
      people.setPasswordHash(a.personId, await hashPassword(password));
      return {};
    },
    SetEnabled: (a) => {
      const enabled = bool(a.enabled, 'enabled');
      if (enabled === undefined) throw new DirectoryError('InvalidValue', 'enabled is required');
      people.setEnabled(a.personId, enabled);
      return {};
    },
    VerifyPassword: async (a) => {
      const c = people.credentials(a.personId);
      return { valid: c.enabled && (await verifyPassword(text(a.password) ?? '', c.hash)) };
    },

    ListGroups: (a) => {
      const page = groups.list(text(a.pageToken), pageSize(a.pageSize));
      return { groups: { group: page.groups }, nextPageToken: page.nextPageToken ?? '' };
    },
    GetGroup: (a) => ({ group: groups.get(a.groupId) }),
    AddGroup: (a) => ({ groupId: groups.add(structure(a.group, 'group')) }),
    ModifyGroup: (a) => ({ group: groups.modify(a.groupId, changeList(a.changes)) }),
    RemoveGroup: (a) => {
      groups.remove(a.groupId);
      return {};
    },
    AddMember: (a) => {
      groups.addMember(a.groupId, required(a.personId, 'personId'));
      return {};
    },
    RemoveMember: (a) => {
      groups.removeMember(a.groupId, a.personId);
      return {};
    },
  };
}
