import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ScanSummary } from '../../../main/api/contract';
import { useApp, type BrowseFilter } from '../app-context';
import { ConfidenceBadge } from '../components/ConfidenceBadge';
import { ExportButton } from '../components/ExportButton';
import { ScanPanel } from '../components/ScanPanel';
import { useAsync } from '../hooks/useAsync';
import { useScanPages } from '../hooks/useScanPages';

const ROW_HEIGHT = 52;

export function BrowseView(props: {
  filter: BrowseFilter;
  onFilter: (filter: BrowseFilter) => void;
  scanId: number | undefined;
  onScan: (scanId: number) => void;
}) {
  const { filter, onFilter, scanId, onScan } = props;
  const { client } = useApp();
  const batches = useAsync(() => client.call('listBatches', {}), [client]);
  const scans = useScanPages(filter);
  const set = (patch: BrowseFilter) => onFilter({ ...filter, ...patch });

  return (
    <div className="split">
      <aside className="list-pane">
        <div className="filters">
          <SearchBox value={filter.search ?? ''} onChange={(search) => set({ search: search || undefined })} />
          <div className="filter-row">
            <select
              aria-label="Batch"
              value={filter.batchId ?? ''}
              onChange={(e) => set({ batchId: e.target.value ? Number(e.target.value) : undefined })}
            >
              <option value="">All batches</option>
              {batches.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <select
              aria-label="Status"
              value={filter.state ?? ''}
              onChange={(e) => set({ state: (e.target.value || undefined) as BrowseFilter['state'] })}
            >
              <option value="">Any status</option>
              <option value="needs-review">Needs review</option>
              <option value="reviewed">Reviewed</option>
              <option value="ok">Confident</option>
              <option value="failed">Failed</option>
            </select>
          </div>
          <ConfidenceRange filter={filter} onChange={set} />
          <div className="filter-row">
            <span className="muted" data-testid="scan-count">
              {scans.total === undefined ? '…' : `${scans.total} scan${scans.total === 1 ? '' : 's'}`}
            </span>
            <span className="spacer" />
            <ExportButton batchId={filter.batchId} small />
          </div>
        </div>
        <ScanList items={scans.items} selected={scanId} onSelect={onScan} onEnd={scans.more} />
      </aside>
      <section className="detail-pane">
        {scanId !== undefined ? <ScanPanel key={scanId} scanId={scanId} onLoad={scans.update} /> : <div className="empty">Select a scan</div>}
      </section>
    </div>
  );
}

/** Waits for a pause in typing before it filters. */
function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), 250);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <input
      type="search"
      placeholder="Search file names and field text"
      value={text}
      onChange={(e) => setText(e.target.value)}
      aria-label="Search"
    />
  );
}

function ConfidenceRange({ filter, onChange }: { filter: BrowseFilter; onChange: (patch: BrowseFilter) => void }) {
  const min = Math.round((filter.minConfidence ?? 0) * 100);
  const max = Math.round((filter.maxConfidence ?? 1) * 100);
  return (
    <div className="filter-row range">
      <label>
        Confidence from
        <input
          type="number"
          min={0}
          max={max}
          value={min}
          onChange={(e) => onChange({ minConfidence: Number(e.target.value) > 0 ? Number(e.target.value) / 100 : undefined })}
        />
        %
      </label>
      <label>
        to
        <input
          type="number"
          min={min}
          max={100}
          value={max}
          onChange={(e) => onChange({ maxConfidence: Number(e.target.value) < 100 ? Number(e.target.value) / 100 : undefined })}
        />
        %
      </label>
    </div>
  );
}

function ScanList(props: { items: ScanSummary[]; selected?: number; onSelect: (id: number) => void; onEnd: () => void }) {
  const { items, selected, onSelect, onEnd } = props;
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (last >= items.length - 20) onEnd();
  }, [last, items.length, onEnd]);
  return (
    <div ref={parent} className="scan-list" data-testid="scan-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const scan = items[row.index];
          return (
            <button
              key={scan.id}
              type="button"
              className={`scan-row${scan.id === selected ? ' selected' : ''}`}
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onSelect(scan.id)}
              data-testid="scan-row"
            >
              <span className={`state state-${scan.state}`} title={scan.state} />
              <span className="scan-row-main">
                <span className="scan-name">{scan.name}</span>
                <span className="mono muted">{scan.error ?? (scan.text || '—')}</span>
              </span>
              {scan.confidence !== null && <ConfidenceBadge value={scan.confidence} />}
            </button>
          );
        })}
      </div>
    </div>
  );
}
