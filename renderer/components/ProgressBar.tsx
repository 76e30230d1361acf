export function ProgressBar({ done, total, label }: { done: number; total: number | null; label: string }) {
  const indeterminate = total === null || total === 0;
  const percent = indeterminate ? 0 : Math.min(100, Math.round((done / total) * 100));
  return (
    <div
      className={`progress${indeterminate ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={indeterminate ? undefined : 100}
      aria-valuenow={indeterminate ? undefined : percent}
    >
      <div style={{ width: `${percent}%` }} />
    </div>
  );
}
