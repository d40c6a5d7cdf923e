import type { BatchEvent } from '../../../main/api/contract';
import type { WireResult } from '../../../main/server/dispatch';
import { decodeWire, encodeWire } from '../../../main/server/wire';
import { batchName, unwrap, type Client } from './client';

/** Browser mode: the same API over HTTP on 127.0.0.1; files are uploaded. */
export function httpClient(token: string): Client {
  const post = async <T>(method: string, input: unknown): Promise<T> => {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: encodeWire(input),
    });
    return unwrap<T>(decodeWire(await response.text()) as WireResult);
  };
  const listeners = new Set<(event: BatchEvent) => void>();
  let source: EventSource | undefined;

  return {
    transport: 'http',
    call: (method, input) => post(method, input),
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
        source.onmessage = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as BatchEvent;
          for (const l of listeners) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
    onCommand: () => () => undefined,
    async importFiles(picked) {
      const files = await picked.expand();
      const uploads = await Promise.all(
        files.map(async ({ file, path }) => ({ name: path, bytes: new Uint8Array(await file.arrayBuffer()) })),
      );
      const result = await post<{ batchId: number }>('uploadBatch', { files: uploads, name: batchName(picked.items) });
      return result.batchId;
    },
  };
}
