import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScanDetail } from '../../../main/api/contract';
import { useApp } from '../app-context';
import { useAsync } from '../hooks/useAsync';
import { useKeys } from '../hooks/useKeys';
import { useScanImage } from '../hooks/useScanImage';
import { boxesOf, digitKey } from './fields';
import { FieldRow } from './FieldRow';
import { KeyHints } from './KeyHints';
import { ScanViewer } from './ScanViewer';

const KEYS = [
  ['0–9', 'correct the selected digit'],
  ['Enter', 'accept its field'],
  ['← →', 'move between digits'],
  ['Backspace', 'undo'],
] as const;

/**
 * One scan: the page with its boxes, and the predictions of its fields, digit by digit. A selected digit can be
 * corrected from the keyboard as in Review; every change is saved at once, and `onLoad` hears the scan as it is
 * after it.
 */
export function ScanPanel({ scanId, onLoad }: { scanId: number; onLoad?: (scan: ScanDetail) => void }) {
  const { client, inspectDigit, report } = useApp();
  const scan = useAsync(() => client.call('getScan', { scanId }), [client, scanId]);
  const [page, setPage] = useState(1);
  const [digitId, setDigitId] = useState<number>();
  const image = useScanImage(scanId, page);
  // Keys can come faster than answers: changes are sent one after another, in the order they were made.
  const chain = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (scan.data) onLoad?.(scan.data);
  }, [scan.data, onLoad]);

  const fields = useMemo(() => scan.data?.fields.filter((f) => f.page === page) ?? [], [scan.data, page]);
  const digits = useMemo(() => fields.flatMap((f) => f.digits), [fields]);
  const boxes = useMemo(() => boxesOf(fields, { digitId }), [fields, digitId]);
  const selectBox = (key: string) => {
    const digit = digits.find((d) => digitKey(d.id) === key);
    if (digit) setDigitId(digit.id);
  };

  const change = (action: () => Promise<unknown>) => {
    chain.current = chain.current.then(action).then(scan.reload, report);
  };
  useKeys((event) => {
    const index = digits.findIndex((d) => d.id === digitId);
    const move = (delta: number) => setDigitId(digits[Math.min(Math.max(0, index + delta), digits.length - 1)]?.id);
    if (event.key === 'Backspace') change(() => client.call('undoCorrection', {}));
    else if (index < 0 || digitId === undefined) return false;
    else if (/^[0-9]$/.test(event.key)) {
      change(() => client.call('correctDigit', { digitId, label: Number(event.key) }));
      move(1);
    } else if (event.key === 'Enter') {
      const fieldId = fields.find((f) => f.digits.some((d) => d.id === digitId))!.id;
      change(() => client.call('acceptField', { fieldId }));
    } else if (event.key === 'ArrowLeft') move(-1);
    else if (event.key === 'ArrowRight') move(1);
    else return false;
    return true;
  });

  if (scan.error) return <div className="empty">{scan.error.message}</div>;
  const detail = scan.data;
  return (
    <div className="scan-panel">
      <div className="scan-panel-head">
        <div>
          <h2 title={detail?.path}>{detail?.name ?? '…'}</h2>
          {detail && (
            <span className="muted">
              {detail.pages.length} page{detail.pages.length === 1 ? '' : 's'} · {(detail.size / 1024).toFixed(0)} KiB ·{' '}
              {detail.state}
            </span>
          )}
        </div>
        {detail && detail.pages.length > 1 && (
          <select value={page} onChange={(e) => setPage(Number(e.target.value))} aria-label="Page">
            {detail.pages.map((p) => (
              <option key={p.page} value={p.page}>
                Page {p.page}
              </option>
            ))}
          </select>
        )}
      </div>
      {detail?.error && <div className="banner bad">{detail.error}</div>}
      <ScanViewer src={image?.url} width={image?.width ?? 0} height={image?.height ?? 0} boxes={boxes} onSelectBox={selectBox} />
      <div className="fields">
        {fields.map((field) => (
          <FieldRow key={field.id} field={field} selectedDigitId={digitId} onSelectDigit={setDigitId} />
        ))}
        {detail && fields.length === 0 && !detail.error && <div className="muted">No fields found on this page.</div>}
      </div>
      {digits.length > 0 && <KeyHints keys={KEYS} />}
      {digitId !== undefined && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => inspectDigit(digitId)}>
            Inspect the selected digit in the model view
          </button>
        </div>
      )}
    </div>
  );
}
