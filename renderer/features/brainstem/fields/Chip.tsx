/** A chosen value with its own remove button (a related record, a tag). */
export function Chip({ label, title, onRemove, disabled = false }: { label: string; title?: string; onRemove: () => void; disabled?: boolean }) {
  return (
    <li className="bs-chip" title={title}>
      <span className="bs-chip-label">{label}</span>
      {disabled ? null : (
        <button type="button" className="bs-chip-remove" aria-label={`Remove ${label}`} onClick={onRemove}>
          ✕
        </button>
      )}
    </li>
  );
}
