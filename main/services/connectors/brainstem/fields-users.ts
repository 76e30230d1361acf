import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { bool, description, json, many, one, req, text } from './fields-build.ts';

/** Fields of the `users` app (reference §2.2). Users and groups have whole-number ids. */
export const userFields: Readonly<Record<string, readonly BrainstemField[]>> = {
  user: [
    text('email', { readOnly: true }), text('first_name', { label: 'First name' }), text('last_name', { label: 'Last name' }),
    json('groups_own_json', 'array', { label: 'Groups', readOnly: true }), text('website'), text('google_scholar', { label: 'Google Scholar' }),
    text('orcid_id', { label: 'ORCID iD' }), text('atlas_preference', { label: 'Atlas preference' }), json('active_projects', 'any', { label: 'Active projects', readOnly: true }),
  ],
  group: [req('name', 150), json('users', 'object', { label: 'Members', readOnly: true })],
  laboratory: [
    one('group', 'group', { required: true }), many('principal_investigators', 'user', { label: 'Principal investigators', required: true }), description(),
    text('website'), text('department'), req('institution'), text('city'), text('country'),
  ],
  groupmembershipinvitation: [
    one('user_account_invitation', 'user', { label: 'Invited user', required: true }), one('authgroup', 'group', { label: 'Group', required: true }),
    bool('new_manager', { label: 'Becomes a manager' }), bool('new_owner', { label: 'Becomes an owner' }),
  ],
  groupmembershiprequest: [
    one('user_account_request', 'user', { label: 'Requested by', readOnly: true }), one('authgroup', 'group', { label: 'Group', required: true }),
  ],
};
