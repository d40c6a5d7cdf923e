import type { DigitDetail } from '../../../main/api/contract';
import { ConfidenceBadge } from './ConfidenceBadge';

/** One digit: its crop as cut from the scan, its label (marked when corrected) and its confidence. */
export function DigitTile(props: { digit: DigitDetail; selected?: boolean; onSelect?: () => void }) {
  const { digit, selected, onSelect } = props;
  return (
    <button
      type="button"
      className={`digit-tile${selected ? ' selected' : ''}${digit.corrected ? ' corrected' : ''}`}
      onClick={onSelect}
      data-testid="digit"
      data-digit-id={digit.id}
      title={digit.corrected ? `corrected (read as ${digit.predicted})` : 'as read'}
    >
      <img src={digit.cropUrl} alt={`digit ${digit.label}`} />
      <span className="digit-label" data-testid="digit-label">
        {digit.label}
      </span>
      {digit.corrected ? <span className="badge badge-corrected">fixed</span> : <ConfidenceBadge value={digit.confidence} />}
    </button>
  );
}
