import { useMemo } from 'react';
import { useApp } from '../app-context';
import { ConfidenceBadge } from '../components/ConfidenceBadge';
import { DigitTile } from '../components/DigitTile';
import { KeyHints } from '../components/KeyHints';
import { boxesOf } from '../components/fields';
import { ScanViewer } from '../components/ScanViewer';
import { useKeys } from '../hooks/useKeys';
import { useReviewQueue } from '../hooks/useReviewQueue';
import { useScanImage } from '../hooks/useScanImage';

const KEYS = [
  ['0–9', 'correct the digit'],
  ['Enter', 'accept the field'],
  ['← →', 'move between digits'],
  ['↑ ↓', 'move between fields'],
  ['Backspace', 'undo'],
] as const;

export function ReviewView() {
  const { inspectDigit } = useApp();
  const queue = useReviewQueue();
  const { state, current } = queue;
  const field = current?.field;
  const digit = field?.digits[state.digitIndex];
  const image = useScanImage(current?.scan.id, field?.page);

  useKeys((event) => {
    if (/^[0-9]$/.test(event.key)) queue.correct(Number(event.key));
    else if (event.key === 'Enter') queue.accept();
    else if (event.key === 'Backspace') queue.undo();
    else if (event.key === 'ArrowLeft') queue.moveDigit(-1);
    else if (event.key === 'ArrowRight') queue.moveDigit(1);
    else if (event.key === 'ArrowUp') queue.moveField(-1);
    else if (event.key === 'ArrowDown') queue.moveField(1);
    else return false;
    return true;
  });

  const boxes = useMemo(() => (field ? boxesOf([field], { fieldId: field.id, digitId: digit?.id }) : []), [field, digit?.id]);
  const focus = boxes.find((b) => b.kind === 'field');

  if (state.loading) return <div className="empty">Loading the review queue…</div>;
  if (state.items.length === 0) {
    return (
      <div className="page">
        <div className="empty-state" data-testid="review-done">
          <strong>Nothing left to review</strong>
          <span>Every field the reader was unsure of has been accepted.</span>
        </div>
      </div>
    );
  }

  return (
    <div className="review">
      <aside className="queue">
        <div className="queue-head">
          <h1>Review</h1>
          <span className="left" data-testid="review-left">
            {state.left} left
          </span>
        </div>
        <ol className="queue-list">
          {state.items.map((item, i) => (
            <li key={item.field.id}>
              <button type="button" className={i === state.index ? 'selected' : undefined} onClick={() => queue.select(i)}>
                <span className="mono">{item.field.text || '—'}</span>
                <span className="muted small-text">{item.scan.name}</span>
                <ConfidenceBadge value={item.field.confidence} />
              </button>
            </li>
          ))}
        </ol>
      </aside>
      <section className="review-main">
        <ScanViewer src={image?.url} width={image?.width ?? 0} height={image?.height ?? 0} boxes={boxes} focus={focus} />
        {field && current && (
          <div className="review-field card">
            <div className="field-head">
              <span className="field-kind">{field.kind}</span>
              <span className="field-text big mono" data-testid="review-text">
                {field.text}
              </span>
              {field.text !== field.predictedText && <span className="muted mono">read {field.predictedText}</span>}
              <span className="spacer" />
              <span className="muted" data-testid="review-scan">
                {current.scan.name}
              </span>
              <ConfidenceBadge value={field.confidence} />
            </div>
            <div className="digit-strip large">
              {field.digits.map((d, i) => (
                <DigitTile key={d.id} digit={d} selected={i === state.digitIndex} onSelect={() => queue.select(state.index, i)} />
              ))}
            </div>
            <div className="actions">
              <button type="button" className="primary" onClick={queue.accept}>
                Accept field ⏎
              </button>
              <button type="button" className="secondary" onClick={queue.undo}>
                Undo ⌫
              </button>
              {digit && (
                <button type="button" className="secondary" onClick={() => inspectDigit(digit.id)}>
                  Inspect digit in model
                </button>
              )}
            </div>
          </div>
        )}
        <KeyHints keys={KEYS} />
      </section>
    </div>
  );
}
