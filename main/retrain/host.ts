import { siblingWorkerUrl, startWorker } from '../pipeline/worker-thread';
import type { RetrainJob, RetrainOutcome } from './job';
import type { RetrainProgress } from './progress';
import type { FromRetrainWorker, ToRetrainWorker } from './protocol';

/** A cancelled retrain rejects with this. */
export class RetrainCancelled extends Error {
  constructor() {
    super('The retrain was cancelled');
    this.name = 'RetrainCancelled';
  }
}

/**
 * Runs a retrain job in a worker thread. Aborting the signal asks the worker to stop between two training
 * steps; nothing is written then. Resolves with the written model, rejects with RetrainCancelled or the failure.
 */
export function retrainInWorker(job: RetrainJob, o: { onProgress?(p: RetrainProgress): void; signal?: AbortSignal } = {}): Promise<RetrainOutcome> {
  const worker = startWorker(siblingWorkerUrl('retrain-worker', import.meta.url), { workerData: job });
  const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToRetrainWorker);
  if (o.signal?.aborted) cancel();
  o.signal?.addEventListener('abort', cancel, { once: true });
  return new Promise<RetrainOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', cancel);
      f();
    };
    worker.on('message', (m: FromRetrainWorker) => {
      if (m.type === 'progress') o.onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.outcome));
      else if (m.type === 'cancelled') settle(() => reject(new RetrainCancelled()));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The retrain worker stopped (exit code ${code}) before it finished`))));
  });
}
