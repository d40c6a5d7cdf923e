import { useMemo, useState } from 'react';
import { useApp } from '../app-context';
import { useAsync } from '../hooks/useAsync';
import { useScanImage } from '../hooks/useScanImage';
import { boxesOf, digitKey } from './fields';
import { FieldRow } from './FieldRow';
import { ScanViewer } from './ScanViewer';

/** One scan: the page with its boxes, and the predictions of its fields, digit by digit. */
export function ScanPanel({ scanId }: { scanId: number }) {
  const { client, inspectDigit } = useApp();
  const scan = useAsync(() => client.call('getScan', { scanId }), [client, scanId]);
  const [page, setPage] = useState(1);
  const [digitId, setDigitId] = useState<number>();
  const image = useScanImage(scanId, page);

  const fields = useMemo(() => scan.data?.fields.filter((f) => f.page === page) ?? [], [scan.data, page]);
  const boxes = useMemo(() => boxesOf(fields, { digitId }), [fields, digitId]);
  const selectBox = (key: string) => {
    const digit = fields.flatMap((f) => f.digits).find((d) => digitKey(d.id) === key);
    if (digit) setDigitId(digit.id);
  };

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
