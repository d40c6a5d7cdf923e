import type { MessagePort } from 'node:worker_threads';
import type { BatchEvent } from '../api/contract';
import type { ValidCall, WireResult } from './dispatch';

/** What the service worker needs to open the store and the model. */
export interface ServiceWorkerOptions {
  dbPath: string;
  modelPath?: string;
  /** better-sqlite3 built for the host runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** A port to an engine host (the Electron GPU window); without one, or when it fails, the engine runs in the worker. */
  enginePort?: MessagePort;
}

export type ToWorker = { type: 'call'; id: number; call: ValidCall } | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; result: WireResult }
  | { type: 'event'; event: BatchEvent }
  | { type: 'closed' };

/** What a transport (IPC or HTTP) talks to: calls already validated, events pushed. */
export interface ApiHost {
  call(call: ValidCall): Promise<WireResult>;
  onEvent(listener: (event: BatchEvent) => void): () => void;
  close(): Promise<void>;
}
