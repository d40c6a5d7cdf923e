import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DIGIT_PIXELS, type Recognizer } from '../../engine/recognizer';
import type { DocumentKind, ReadPage } from '../segmentation';
import { errorText, type FromSegmentWorker, type ToSegmentWorker } from './segment-protocol';
import { siblingWorkerUrl, startWorker } from './worker-thread';

/**
 * Segmentation threads: one fewer than the cores, since the pipeline thread runs the engine; at most 4, past
 * which the engine is the slower stage anyway.
 */
export const DEFAULT_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));

export interface SegmentPool {
  /** Decodes and segments one scan's bytes in a worker; rejects with the reason a person can act on. */
  read(file: string, data: Uint8Array, kind: DocumentKind | 'auto', signal?: AbortSignal): Promise<ReadPage[]>;
  close(): Promise<void>;
}

interface Job {
  resolve: (pages: ReadPage[]) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
  finished: number;
}

/** The workers cannot run at all (their entry is missing, say): the batch must stop, not fail file by file. */
export class SegmentPoolError extends Error {
  override name = 'SegmentPoolError';
}

/**
 * Worker threads that decode and segment scans while the calling thread classifies: every candidate digit
 * comes back here to `recognizer` (a batchingRecognizer gathers them across scans and workers), so decoding,
 * segmentation and classification overlap and the engine sees full batches. The caller bounds the scans in
 * flight; a worker takes several at once, so that one waits for the engine while another is segmented.
 */
export function startSegmentPool(o: { recognizer: Recognizer; workers?: number; entry?: URL }): SegmentPool {
  // The worker entry: segment-worker beside this module, unless a host lays its files out otherwise.
  const url = o.entry ?? siblingWorkerUrl('segment-worker', import.meta.url);
  let nextJob = 1;
  let closing = false;
  let broken: SegmentPoolError | undefined;

  const spawn = (): Thread => {
    const thread: Thread = { worker: startWorker(url), jobs: new Map(), finished: 0 };
    const post = (m: ToSegmentWorker, transfer: ArrayBuffer[] = []) => thread.worker.postMessage(m, transfer);
    thread.worker.on('message', (m: FromSegmentWorker) => {
      if (m.type === 'classify') {
        const inputs = Array.from({ length: m.inputs.length / DIGIT_PIXELS }, (_, i) => m.inputs.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
        o.recognizer.classify(inputs, { committee: m.committee }).then(
          (out) => {
            const probs = new Float32Array(out.length * 10);
            out.forEach((p, i) => probs.set(p, i * 10));
            post({ type: 'probs', request: m.request, probs }, [probs.buffer]);
          },
          (err: unknown) => post({ type: 'probs', request: m.request, error: errorText(err) }),
        );
        return;
      }
      const job = thread.jobs.get(m.job);
      thread.jobs.delete(m.job);
      thread.finished++;
      if (m.type === 'read') job?.resolve(m.pages);
      else job?.reject(new Error(m.error));
    });
    // A worker that dies (out of memory in a decoder, a bug) fails the scans it held; a fresh one takes its
    // place. One that dies before finishing any scan will not start: no respawning in a loop then.
    const died = (why: string) => {
      const i = threads.indexOf(thread);
      if (i < 0 || closing) return;
      if (thread.finished === 0) broken ??= new SegmentPoolError(`The segmentation workers cannot run: ${why}`);
      for (const job of thread.jobs.values()) job.reject(broken ?? new Error(`the segmentation worker stopped (${why})`));
      thread.jobs.clear();
      if (broken) threads.splice(i, 1);
      else threads[i] = spawn();
      if (broken) for (const t of threads) for (const job of t.jobs.values()) job.reject(broken);
    };
    thread.worker.on('error', (err) => died(err.message));
    thread.worker.on('exit', (code) => died(`exit code ${code}`));
    return thread;
  };

  const threads: Thread[] = Array.from({ length: o.workers ?? DEFAULT_WORKERS }, spawn);

  // One abort listener per signal, however many of its reads are in flight (a listener each would pile up).
  const cancellers = new Map<AbortSignal, Set<() => void>>();
  const onAbort = (signal: AbortSignal, cancel: () => void) => {
    let set = cancellers.get(signal);
    if (!set) {
      const all = new Set<() => void>();
      cancellers.set(signal, (set = all));
      signal.addEventListener('abort', () => all.forEach((f) => f()), { once: true });
    }
    set.add(cancel);
    return () => set.delete(cancel);
  };

  return {
    read(file, data, kind, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      if (broken) return Promise.reject(broken);
      const thread = threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      const job = nextJob++;
      return new Promise<ReadPage[]>((resolve, reject) => {
        const forget = signal
          ? onAbort(signal, () => {
              thread.jobs.delete(job);
              thread.worker.postMessage({ type: 'cancel', job } satisfies ToSegmentWorker);
              reject(signal.reason as Error);
            })
          : () => true;
        const settle = <T>(f: (v: T) => void) => (v: T) => {
          forget();
          f(v);
        };
        thread.jobs.set(job, { resolve: settle(resolve), reject: settle(reject) });
        thread.worker.postMessage({ type: 'read', job, file, data, kind } satisfies ToSegmentWorker);
      });
    },
    async close() {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
