import type { Draft } from './form-values.ts';

/**
 * Unsaved form values that must outlive the form: a save that needs a sign-in first may unmount the form
 * while the sign-in dialog is up. Kept in memory only (never in web storage), so research data typed into
 * a form goes nowhere else and is gone when the window closes.
 */
const drafts = new Map<string, Draft>();
const maxDrafts = 20;

export function draftKey(connectionId: string, model: string, id: string | undefined): string {
  return `${connectionId}\u0000${model}\u0000${id ?? ''}`;
}

export function loadDraft(key: string): Draft | null {
  return drafts.get(key) ?? null;
}

export function saveDraft(key: string, draft: Draft): void {
  drafts.delete(key);
  drafts.set(key, draft);
  // Oldest first in a Map: forget the ones the user walked away from long ago.
  while (drafts.size > maxDrafts) drafts.delete(drafts.keys().next().value!);
}

export function dropDraft(key: string): void {
  drafts.delete(key);
}
