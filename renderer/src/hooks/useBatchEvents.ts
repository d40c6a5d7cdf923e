import { useEffect, useRef } from 'react';
import type { BatchEvent } from '../../../main/api/contract';
import { useApp } from '../app-context';

/** Calls `listener` for every batch event while the component is mounted. */
export function useBatchEvents(listener: (event: BatchEvent) => void): void {
  const { client } = useApp();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => client.onEvent((event) => ref.current(event)), [client]);
}
