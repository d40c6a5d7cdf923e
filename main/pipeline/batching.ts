import type { DigitInput, Recognizer } from '../../engine/recognizer';

interface Request {
  inputs: readonly DigitInput[];
  committee: boolean;
  resolve: (out: Float32Array[]) => void;
  reject: (err: unknown) => void;
}

export interface BatchingStats {
  requests: number;
  batches: number;
  inputs: number;
  /** Wall time the engine spent in classify(), to compare with the pipeline's. */
  engineSeconds: number;
}

/**
 * A recogniser that gathers the classify() calls of several scans in flight into larger engine batches.
 * One engine call runs at a time; calls made meanwhile wait and go together in the next one, so the
 * segmentation of other scans goes on while the engine works. A batch asks either the committee or the first
 * member (ClassifyOptions), so requests of the other kind wait for the next one.
 */
export function batchingRecognizer(inner: Recognizer, maxBatch = 512): Recognizer & { stats: BatchingStats } {
  const queue: Request[] = [];
  const stats: BatchingStats = { requests: 0, batches: 0, inputs: 0, engineSeconds: 0 };
  let running = false;
  let scheduled = false;

  const kick = () => {
    if (running || scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => void flush()); // let the other scans queue what they have first
  };

  const flush = async () => {
    scheduled = false;
    running = true;
    const { committee } = queue[0];
    const take: Request[] = [];
    let n = 0;
    for (let i = 0; i < queue.length; ) {
      const r = queue[i];
      if (r.committee !== committee) i++;
      else if (take.length > 0 && n + r.inputs.length > maxBatch) break;
      else {
        take.push(...queue.splice(i, 1));
        n += r.inputs.length;
      }
    }
    stats.batches++;
    stats.inputs += n;
    const t0 = performance.now();
    try {
      const out = await inner.classify(take.flatMap((r) => r.inputs), { committee });
      stats.engineSeconds += (performance.now() - t0) / 1000;
      let i = 0;
      for (const r of take) {
        r.resolve(out.slice(i, i + r.inputs.length));
        i += r.inputs.length;
      }
    } catch (err) {
      for (const r of take) r.reject(err);
    } finally {
      running = false;
      kick();
    }
  };

  return {
    stats,
    classify(inputs, o) {
      if (inputs.length === 0) return Promise.resolve([]);
      stats.requests++;
      return new Promise((resolve, reject) => {
        queue.push({ inputs, committee: o?.committee ?? false, resolve, reject });
        kick();
      });
    },
  };
}
