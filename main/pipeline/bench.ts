import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBatch, getBatch, openDatabase } from '../../db';
import { batchingRecognizer } from './batching';
import { expandInputs } from './ingest';
import { openModel } from './model';
import { runBatch } from './run';

export interface PipelineBench {
  pipeline_scans_per_s: number;
  peak_rss_mb: number;
  scans: number;
  seconds: number;
  digits: number;
  failed: number;
  /** Time the engine was busy classifying, and the mean engine batch: how much of the wall time is the engine's. */
  engine_busy_s: number;
  mean_engine_batch: number;
}

/**
 * Synthetic scans are slow to make, so they are kept between runs in the temp folder. They are made by
 * `npm run synth` in a child process, so that generating them does not count in this process's peak memory.
 */
function corpus(kind: 'zip' | 'cheque', n: number): string {
  const dir = join(tmpdir(), 'digitread-bench', `${kind}-${n}-seed7`);
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.json')).length : 0;
  if (have < n) {
    const synth = fileURLToPath(new URL('../synth/cli.ts', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const r = spawnSync(process.execPath, [tsx, synth, '--out', dir, '--kind', kind, '--count', String(n), '--seed', '7'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`Cannot make the bench scans in ${dir} (synth exited with ${r.status})`);
  }
  return dir;
}

/** Reads n zip and n cheque scans into a fresh database with the shipped model; scans/s and peak memory. */
export async function benchPipeline(o: { n?: number; modelPath?: string; concurrency?: number } = {}): Promise<PipelineBench> {
  const n = o.n ?? 500;
  const dirs = [corpus('zip', n), corpus('cheque', n)];
  const work = mkdtempSync(join(tmpdir(), 'digitread-bench-db-'));
  const c = openDatabase(join(work, 'bench.db'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const model = await openModel(c, o.modelPath);
  try {
    const files = await expandInputs(dirs);
    const recognizer = batchingRecognizer(model.engine);
    const batchId = createBatch(c, { name: 'bench', kind: 'auto', files });
    const t0 = performance.now();
    await runBatch(c, batchId, {
      kind: 'auto',
      recognizer,
      modelId: model.record.id,
      reviewThreshold: model.record.reviewThreshold,
      concurrency: o.concurrency,
    });
    const seconds = (performance.now() - t0) / 1000;
    const b = getBatch(c, batchId)!;
    return {
      pipeline_scans_per_s: Math.round((files.length / seconds) * 100) / 100,
      peak_rss_mb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6),
      scans: files.length,
      seconds: Math.round(seconds * 10) / 10,
      digits: b.digits,
      failed: b.filesFailed,
      engine_busy_s: Math.round(recognizer.stats.engineSeconds * 10) / 10,
      mean_engine_batch: Math.round(recognizer.stats.inputs / Math.max(1, recognizer.stats.batches)),
    };
  } finally {
    clearInterval(sampler);
    model.engine.destroy();
    c.close();
    rmSync(work, { recursive: true, force: true });
  }
}
