import type { BrainstemField, BrainstemModelSummary } from '../../../../shared/contract/brainstem.ts';
import type { DraftValue } from '../form-values.ts';

/** What every field editor gets: the label and error text around it are drawn by FieldEditor. */
export interface FieldEditorProps {
  connectionId: string;
  field: BrainstemField;
  /** Every model of the portal, for the names of related models. */
  models: readonly BrainstemModelSummary[];
  value: DraftValue;
  onChange: (value: DraftValue) => void;
  disabled: boolean;
  /** The id the field's <label> points at. */
  inputId: string;
  /** Ids of the help and error texts, for aria-describedby. */
  describedBy: string | undefined;
  invalid: boolean;
}
