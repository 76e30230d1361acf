import type { ReactNode } from 'react';

export interface EmptyStateProps {
  /** What is (not) here, in a few words: "No connections yet". */
  title: string;
  /** The next step and what it needs: where to find a token, what a sync does. */
  children?: ReactNode;
  /** Buttons for that next step; the first is usually the primary one. */
  actions?: ReactNode;
  /**
   * 'page': a card in the middle of a screen (no connections, never synced). 'inline': inside a table,
   * list or panel (no rows match, no jobs), smaller and without the card.
   */
  size?: 'page' | 'inline';
  /** A heading level that fits the surrounding outline (dialogs and panels already have an h2). */
  headingLevel?: 2 | 3;
  testId?: string;
  className?: string;
}

/**
 * Every "there is nothing here" in the app: says what is missing and teaches the next step, with the
 * button for it right there, so an empty screen is never a dead end.
 */
export function EmptyState({ title, children, actions, size = 'page', headingLevel = 2, testId, className }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`empty-state empty-state-${size}${className ? ` ${className}` : ''}`} data-testid={testId} aria-label={title}>
      <Heading className="empty-state-title">{title}</Heading>
      {children ? <div className="empty-state-body">{children}</div> : null}
      {actions ? <div className="empty-state-actions">{actions}</div> : null}
    </section>
  );
}
