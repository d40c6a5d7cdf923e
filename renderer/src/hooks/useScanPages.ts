import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanSummary } from '../../../main/api/contract';
import { useApp, type BrowseFilter } from '../app-context';
import { useBatchEvents } from './useBatchEvents';

const PAGE = 500;

export interface ScanPages {
  items: ScanSummary[];
  total: number | undefined;
  /** Asks for the next page, if there is one and none is on its way. */
  more(): void;
  /** Shows a scan as it is now (after a correction) where it is listed. */
  update(scan: ScanSummary): void;
}

/** The scans matching a filter, read a page at a time as the list scrolls. */
export function useScanPages(filter: BrowseFilter): ScanPages {
  const { client, report } = useApp();
  const [items, setItems] = useState<ScanSummary[]>([]);
  const [total, setTotal] = useState<number>();
  const loading = useRef(false);
  const generation = useRef(0);
  const { batchId, state, minConfidence, maxConfidence, search } = filter;

  const load = useCallback(
    (offset: number) => {
      const current = ++generation.current;
      loading.current = true;
      client.call('listScans', { batchId, state, minConfidence, maxConfidence, search, offset, limit: PAGE }).then(
        (page) => {
          if (current !== generation.current) return;
          setItems((before) => (offset === 0 ? page.items : [...before, ...page.items]));
          setTotal(page.total);
          loading.current = false;
        },
        (error: unknown) => {
          loading.current = false;
          report(error);
        },
      );
    },
    [client, report, batchId, state, minConfidence, maxConfidence, search],
  );

  useEffect(() => load(0), [load]);
  // Scans read while the list is open appear when their batch is finished.
  useBatchEvents((event) => {
    if (event.type === 'finished') load(0);
  });

  const more = useCallback(() => {
    if (!loading.current && total !== undefined && items.length < total) load(items.length);
  }, [load, items.length, total]);

  const update = useCallback((scan: ScanSummary) => {
    const { state, text, confidence } = scan;
    setItems((before) => before.map((item) => (item.id === scan.id ? { ...item, state, text, confidence } : item)));
  }, []);

  return { items, total, more, update };
}
