import type { BatchEvent } from '../api/contract';
import { startWorker } from '../pipeline/worker-thread';
import type { ValidCall, WireResult } from './dispatch';
import type { ApiHost, FromWorker, ServiceWorkerOptions, ToWorker } from './protocol';

const CLOSE_GRACE_MS = 5000;

/**
 * Starts the service in a worker thread and resolves once it has opened its store. `workerUrl` is the built
 * `service-worker.js` in Electron, or `service-worker.ts` under tsx.
 */
export function startServiceHost(workerUrl: URL, options: ServiceWorkerOptions): Promise<ApiHost> {
  const transferList = options.enginePort ? [options.enginePort] : [];
  const worker = startWorker(workerUrl, { workerData: options, transferList });
  const pending = new Map<number, (result: WireResult) => void>();
  const listeners = new Set<(event: BatchEvent) => void>();
  let nextId = 1;
  let closed: Promise<void> | undefined;

  const failAll = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'UNAVAILABLE', message } });
    pending.clear();
  };

  const host: ApiHost = {
    call(call: ValidCall) {
      if (closed) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'The service is closing' } });
      const id = nextId++;
      return new Promise<WireResult>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: 'call', id, call } satisfies ToWorker);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
        worker.once('exit', () => {
          clearTimeout(timer);
          failAll('The service has closed');
          resolve();
        });
        worker.postMessage({ type: 'close' } satisfies ToWorker);
      });
      return closed;
    },
  };

  return new Promise<ApiHost>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          resolve(host);
          break;
        case 'fatal':
          reject(new Error(message.message));
          void worker.terminate();
          break;
        case 'result':
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
          break;
        case 'event':
          for (const listener of listeners) listener(message.event);
          break;
        case 'closed':
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(error.message);
    });
    worker.on('exit', (code) => {
      if (code !== 0) failAll(`The service stopped (exit code ${code})`);
    });
  });
}
