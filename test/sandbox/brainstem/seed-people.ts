// Made-up people, groups and their well-known sandbox tokens. Every name and address is fictional
// (example.org / lab.example domains).

import type { MemberMap } from './access.ts';
import type { Store } from './store.ts';
import { freshRow } from './writes.ts';
import { modelByKey } from './catalog.ts';

/** Everyone's password for the email+password and legacy token endpoints. */
export const BRAINSTEM_DEMO_PASSWORD = 'sandbox-password-1';

export interface SeededUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  /** The user's personal access token in a fresh sandbox. */
  token: string;
  role: string;
  staff?: boolean;
}

export const BRAINSTEM_USERS = {
  demo: { id: 2, email: 'mira.okafor@lab.example', firstName: 'Mira', lastName: 'Okafor', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0001', role: 'owner of three projects, reader of one' },
  reader: { id: 3, email: 'tomas.reyes@lab.example', firstName: 'Tomás', lastName: 'Reyes', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0002', role: 'member without change rights on the two-photon project' },
  outsider: { id: 5, email: 'lena.hoffmann@lab.example', firstName: 'Lena', lastName: 'Hoffmann', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0003', role: 'sees none of the demo user’s private projects' },
  admin: { id: 1, email: 'curator@brainstem.example.org', firstName: 'Site', lastName: 'Curator', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0004', role: 'administrator (reviews approvals)', staff: true },
  imaging: { id: 4, email: 'yuki.tanaka@lab.example', firstName: 'Yuki', lastName: 'Tanaka', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0005', role: 'imaging core owner' },
  ephys: { id: 6, email: 'samir.haddad@lab.example', firstName: 'Samir', lastName: 'Haddad', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0006', role: 'owner of a public benchmark project' },
} as const satisfies Record<string, SeededUser>;

/** The demo user's personal access token. */
export const BRAINSTEM_DEMO_TOKEN = BRAINSTEM_USERS.demo.token;

export const GROUPS = {
  okafor: { id: 1, name: 'Okafor Lab' },
  imaging: { id: 2, name: 'Imaging Core' },
  hoffmann: { id: 3, name: 'Hoffmann Lab' },
} as const;

export function seedPeople(store: Store): void {
  const userModel = modelByKey('user');
  for (const user of Object.values(BRAINSTEM_USERS) as SeededUser[]) {
    store.insert('user', freshRow(userModel, user.id, {
      email: user.email, first_name: user.firstName, last_name: user.lastName, website: '', orcid_id: '', atlas_preference: 'AIA',
      google_scholar: '', active_projects: [], _password: BRAINSTEM_DEMO_PASSWORD, _is_staff: user.staff === true,
    }));
  }
  const groupModel = modelByKey('group');
  const members = (entries: Array<[number, 'owner' | 'manager' | 'member']>): MemberMap =>
    Object.fromEntries(entries.map(([id, role]) => [String(id), { is_owner: role === 'owner', is_manager: role !== 'member' }]));
  const { demo, reader, imaging, outsider } = BRAINSTEM_USERS;
  store.insert('group', freshRow(groupModel, GROUPS.okafor.id, { name: GROUPS.okafor.name, _members: members([[demo.id, 'owner'], [reader.id, 'member']]) }));
  store.insert('group', freshRow(groupModel, GROUPS.imaging.id, { name: GROUPS.imaging.name, _members: members([[imaging.id, 'owner'], [demo.id, 'member']]) }));
  store.insert('group', freshRow(groupModel, GROUPS.hoffmann.id, { name: GROUPS.hoffmann.name, _members: members([[outsider.id, 'owner']]) }));
}
