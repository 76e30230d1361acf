/** A record as the pane beside the table knows it. */
export interface RecordRef {
  model: string;
  id: string;
}

/**
 * What the pane beside the table shows: a record, reached through a trail of relation links that
 * Back walks again; or a form (new or edit) that returns to where it was opened from.
 */
export type Aside = { kind: 'record'; trail: RecordRef[] } | { kind: 'form'; model: string; id?: string; back: Aside | null } | null;

export function currentRecord(aside: Aside): RecordRef | null {
  return aside?.kind === 'record' ? (aside.trail.at(-1) ?? null) : null;
}

export function openRecord(model: string, id: string): Aside {
  return { kind: 'record', trail: [{ model, id }] };
}

/** Following a relation link: Back returns to the record the link was on. */
export function followLink(aside: Aside, model: string, id: string): Aside {
  if (aside?.kind !== 'record') return openRecord(model, id);
  const here = aside.trail.at(-1);
  if (here && here.model === model && here.id === id) return aside;
  return { kind: 'record', trail: [...aside.trail, { model, id }] };
}

export function goBack(aside: Aside): Aside {
  if (aside?.kind === 'form') return aside.back;
  if (aside?.kind === 'record' && aside.trail.length > 1) return { kind: 'record', trail: aside.trail.slice(0, -1) };
  return null;
}

/** After a delete the record leaves the trail (and every visit to it). */
export function withoutRecord(aside: Aside, gone: RecordRef): Aside {
  if (aside?.kind === 'form') return aside.back ? withoutRecord(aside.back, gone) : null;
  if (aside?.kind !== 'record') return null;
  const trail = aside.trail.filter((ref) => ref.model !== gone.model || ref.id !== gone.id);
  return trail.length > 0 ? { kind: 'record', trail } : null;
}

/** After a save, the saved record, with Back still leading where the form was opened from. */
export function afterSave(aside: Aside, saved: RecordRef): Aside {
  const back = aside?.kind === 'form' ? aside.back : aside;
  if (back?.kind === 'record') {
    const here = back.trail.at(-1);
    if (here && here.model === saved.model && here.id === saved.id) return back;
    return { kind: 'record', trail: [...back.trail, saved] };
  }
  return openRecord(saved.model, saved.id);
}
