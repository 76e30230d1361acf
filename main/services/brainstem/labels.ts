import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';

/** The label of the (first) record a relation field points to, when known. */
export type RelationLabel = (field: string) => string | null;

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return '';
}

function join(...parts: Array<string | null>): string {
  return parts.filter((part): part is string => part !== null && part !== '').join(' · ');
}

/**
 * How a record is named where it appears (table label column, relation cells, links, pickers). Most models
 * have a name; modules are named by their type and what they belong to; people by their name.
 */
const rules: Readonly<Record<string, (record: BrainstemRecord, related: RelationLabel) => string>> = {
  user: (r) => join(`${textOf(r.first_name)} ${textOf(r.last_name)}`.trim()) || textOf(r.email),
  publication: (r) => textOf(r.title),
  laboratory: (r, rel) => join(rel('group'), textOf(r.institution)),
  procedure: (r, rel) => join(textOf(r.type), rel('subject')),
  behavior: (r, rel) => join(rel('behavioralassay'), rel('session')),
  dataacquisition: (r, rel) => join(textOf(r.type), rel('session')),
  manipulation: (r, rel) => join(textOf(r.type), rel('session')),
  equipment: (r) => textOf(r.name) || textOf(r.type),
  consumablestock: (r, rel) => join(rel('consumable') ?? textOf(r.type), rel('inventory')),
  procedurelog: (r, rel) => join(textOf(r.type), textOf(r.description) || rel('procedure')),
  subjectlog: (r, rel) => join(textOf(r.type), rel('subject')),
  projectmembershipinvitation: (_r, rel) => join(rel('project'), rel('invitee')),
  projectgroupmembershipinvitation: (_r, rel) => join(rel('project'), rel('invitee')),
  groupmembershipinvitation: (_r, rel) => join(rel('authgroup'), rel('user_account_invitation')),
  groupmembershiprequest: (_r, rel) => join(rel('user_account_request'), rel('authgroup')),
};

/** Approval requests: what they propose and where they stand ("Danio rerio · Add · Pending"). */
function approvalLabel(record: BrainstemRecord): string {
  return join(textOf(record.name), textOf(record.action), textOf(record.status));
}

/**
 * A record's label; never empty (its id when nothing readable is known). `related` gives labels of
 * related records; pass `() => null` for a label from the record's own fields only.
 */
export function recordLabel(model: string, record: BrainstemRecord, related: RelationLabel, approval = false): string {
  const rule = rules[model];
  const label = approval ? approvalLabel(record) : rule ? rule(record, related) : textOf(record.name) || textOf(record.title) || textOf(record.email);
  return label || String(record.id);
}
