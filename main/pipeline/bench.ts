import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBatch, openDatabase } from '../../db';
import type { ClassifyOptions, DigitInput, Recognizer } from '../../engine/recognizer';
import { batchingRecognizer } from './batching';
import { expandInputs } from './ingest';
import { openModel } from './model';
import { DEFAULT_CONCURRENCY, runBatch } from './run';
import { DEFAULT_WORKERS, startSegmentPool } from './segment-pool';
import { recordThreadCpu, type ThreadCpu } from './thread-cpu';

type Kind = 'zip' | 'cheque';

/** Scans/s per kind for the whole pipeline, and for each of its two stages alone, to compare with it. */
export interface PipelineBench {
  pipeline_zip_scans_per_s: number;
  pipeline_cheque_scans_per_s: number;
  /** Decoding and segmentation in the workers, the engine answering instantly (replayed probabilities). */
  pipeline_zip_segmentation_scans_per_s: number;
  pipeline_cheque_segmentation_scans_per_s: number;
  /** The engine alone, running the same batches the pipeline gave it, back to back. */
  pipeline_zip_classification_scans_per_s: number;
  pipeline_cheque_classification_scans_per_s: number;
  pipeline_zip_mean_engine_batch: number;
  pipeline_cheque_mean_engine_batch: number;
  /**
   * CPU ms per scan in the pipeline run, by thread (Linux): the pipeline thread (engine, store), the
   * segmentation workers, libvips's decoders. On an idle machine the pipeline can go no faster than its
   * busiest thread, nor than all of it spread over the cores; these say which that is, whatever the load.
   */
  pipeline_zip_cpu_ms_per_scan?: ThreadCpu;
  pipeline_cheque_cpu_ms_per_scan?: ThreadCpu;
  /** Of the whole process over all runs (each with its own engine, database and workers), workers included. */
  pipeline_peak_rss_mb: number;
  pipeline_scans_per_kind: number;
  pipeline_workers: number;
  pipeline_runs: number;
}

/**
 * Synthetic scans are slow to make, so they are kept between runs in the temp folder. They are made by
 * `npm run synth` in a child process, so that generating them does not count in this process's peak memory.
 */
function corpus(kind: Kind, n: number): string {
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

const key = (x: DigitInput) => createHash('sha1').update(x).digest('base64');

/**
 * Wraps the engine to remember what the pipeline asked of it: the probabilities of every input (to replay
 * them for segmentation alone) and the size and options of every engine call (to replay the engine's work
 * alone).
 */
function recording(inner: Recognizer) {
  const probs = new Map<string, Float32Array>();
  const calls: { size: number; o?: ClassifyOptions }[] = [];
  let sample: DigitInput[] = [];
  const recognizer: Recognizer = {
    async classify(inputs, o) {
      const out = await inner.classify(inputs, o);
      calls.push({ size: inputs.length, o });
      if (sample.length < 256) sample = [...sample, ...inputs].slice(0, 256);
      inputs.forEach((x, i) => probs.set(key(x), out[i]));
      return out;
    },
  };
  return { recognizer, probs, calls, sample: () => sample };
}

const rate = (scans: number, seconds: number) => Math.round((scans / seconds) * 100) / 100;
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface KindRun {
  pipeline: number;
  segmentation: number;
  classification: number;
  meanBatch: number;
  cpu?: ThreadCpu;
}

async function benchKind(kind: Kind, dir: string, o: { modelPath?: string; workers: number; concurrency: number }): Promise<KindRun> {
  const work = mkdtempSync(join(tmpdir(), 'digitread-bench-db-'));
  const c = openDatabase(join(work, 'bench.db'));
  const model = await openModel(c, o.modelPath);
  try {
    const files = await expandInputs([dir]);
    const rec = recording(model.engine);
    const batchId = createBatch(c, { name: `bench ${kind}`, kind, files });
    const cpu = recordThreadCpu();
    let t0 = performance.now();
    await runBatch(c, batchId, {
      kind,
      recognizer: batchingRecognizer(rec.recognizer),
      modelId: model.record.id,
      reviewThreshold: model.record.reviewThreshold,
      concurrency: o.concurrency,
      workers: o.workers,
    });
    const pipeline = rate(files.length, (performance.now() - t0) / 1000);
    const spent = cpu?.stop();

    // Segmentation alone: the same reads, each candidate answered at once from the recorded probabilities.
    const replay: Recognizer = {
      classify: async (inputs) => inputs.map((x) => rec.probs.get(key(x)) ?? new Float32Array(10).fill(0.1)),
    };
    const pool = startSegmentPool({ recognizer: replay, workers: o.workers });
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < files.length) {
          const f = files[next++];
          await pool.read(f.path, await readFile(f.path), kind).catch(() => undefined); // failures count as read
        }
      }),
    );
    const segmentation = rate(files.length, (performance.now() - t0) / 1000);
    await pool.close();

    // Classification alone: the engine calls of the pipeline run, same sizes, back to back.
    const sample = rec.sample();
    t0 = performance.now();
    for (const { size, o } of rec.calls) await model.engine.classify(Array.from({ length: size }, (_, i) => sample[i % sample.length]), o);
    const classification = rate(files.length, (performance.now() - t0) / 1000);
    const inputs = rec.calls.reduce((a, c) => a + c.size, 0);
    const perScan = spent && (Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round((1000 * v) / files.length)])) as unknown as ThreadCpu);
    return { pipeline, segmentation, classification, meanBatch: Math.round(inputs / Math.max(1, rec.calls.length)), cpu: perScan };
  } finally {
    model.engine.destroy();
    c.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Reads n zip scans, then n cheques, each into a fresh database with the shipped model, `runs` times; the
 * medians of scans/s for the pipeline and for each stage alone, and the peak memory of the process (workers
 * included, as they are threads of it).
 */
export async function benchPipeline(o: { n?: number; runs?: number; modelPath?: string; workers?: number; concurrency?: number } = {}): Promise<PipelineBench> {
  const n = o.n ?? 500;
  const runs = o.runs ?? 3;
  const settings = { modelPath: o.modelPath, workers: o.workers ?? DEFAULT_WORKERS, concurrency: o.concurrency ?? DEFAULT_CONCURRENCY };
  const dirs = { zip: corpus('zip', n), cheque: corpus('cheque', n) };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const results: Record<Kind, KindRun[]> = { zip: [], cheque: [] };
  try {
    for (let r = 0; r < runs; r++) for (const kind of ['zip', 'cheque'] as const) results[kind].push(await benchKind(kind, dirs[kind], settings));
  } finally {
    clearInterval(sampler);
  }
  const med = (kind: Kind, f: Exclude<keyof KindRun, 'cpu'>) => middle(results[kind].map((x) => x[f]));
  const cpu = (kind: Kind): ThreadCpu | undefined => {
    const runs = results[kind].map((x) => x.cpu).filter((x) => x !== undefined);
    if (runs.length === 0) return undefined;
    return { pipeline: middle(runs.map((x) => x.pipeline)), workers: middle(runs.map((x) => x.workers)), decoders: middle(runs.map((x) => x.decoders)), other: middle(runs.map((x) => x.other)) };
  };
  return {
    pipeline_zip_scans_per_s: med('zip', 'pipeline'),
    pipeline_cheque_scans_per_s: med('cheque', 'pipeline'),
    pipeline_zip_segmentation_scans_per_s: med('zip', 'segmentation'),
    pipeline_cheque_segmentation_scans_per_s: med('cheque', 'segmentation'),
    pipeline_zip_classification_scans_per_s: med('zip', 'classification'),
    pipeline_cheque_classification_scans_per_s: med('cheque', 'classification'),
    pipeline_zip_mean_engine_batch: med('zip', 'meanBatch'),
    pipeline_cheque_mean_engine_batch: med('cheque', 'meanBatch'),
    pipeline_zip_cpu_ms_per_scan: cpu('zip'),
    pipeline_cheque_cpu_ms_per_scan: cpu('cheque'),
    pipeline_peak_rss_mb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
    pipeline_scans_per_kind: n,
    pipeline_workers: settings.workers,
    pipeline_runs: runs,
  };
}
