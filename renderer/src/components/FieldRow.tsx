import type { FieldDetail } from '../../../main/api/contract';
import { ConfidenceBadge } from './ConfidenceBadge';
import { DigitTile } from './DigitTile';

/** A field's text (with what was read, if corrected since), its state, and its digits. */
export function FieldRow(props: {
  field: FieldDetail;
  selectedDigitId?: number;
  onSelectDigit?: (digitId: number) => void;
}) {
  const { field, selectedDigitId, onSelectDigit } = props;
  return (
    <div className="field-row" data-testid="field">
      <div className="field-head">
        <span className="field-kind">{field.kind}</span>
        <span className="field-text mono" data-testid="field-text">
          {field.text || '—'}
        </span>
        {field.text !== field.predictedText && <span className="muted mono">read {field.predictedText}</span>}
        <span className="spacer" />
        {field.accepted && <span className="pill pill-done">accepted</span>}
        {!field.accepted && field.needsReview && <span className="pill pill-review">needs review</span>}
        <ConfidenceBadge value={field.confidence} />
      </div>
      <div className="digit-strip">
        {field.digits.map((digit) => (
          <DigitTile
            key={digit.id}
            digit={digit}
            selected={digit.id === selectedDigitId}
            onSelect={onSelectDigit && (() => onSelectDigit(digit.id))}
          />
        ))}
      </div>
    </div>
  );
}
