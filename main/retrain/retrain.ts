/**
 * A retrain against the store: the operator's labelled digits out of it, the job in a worker thread, and the
 * new version into it (its file is complete before its row exists, and the active model changes only when
 * asked). A process killed meanwhile leaves its run 'running'; the next retrain marks it failed.
 */
import { dirname, join } from 'node:path';
import * as db from '../../db';
import { retrainInWorker, RetrainCancelled } from './host';
import type { RetrainJob, RetrainOutcome } from './job';
import type { RetrainProgress } from './progress';
import { splitLabelled } from './data';
import { DEFAULT_RETRAIN, type RetrainSettings } from './settings';

export interface RetrainOptions {
  /** Where model versions are written; default: 'models' beside the database. */
  modelsDir?: string;
  settings?: Partial<RetrainSettings>;
  signal?: AbortSignal;
  onProgress?(p: RetrainProgress): void;
  /** Called once the run is recorded, with its id. */
  onStart?(runId: number): void;
}

export interface RetrainResult {
  runId: number;
  model: db.ModelRecord;
  parent: db.ModelRecord;
}

/** The folder of model versions for a database file. */
export function modelsDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'models');
}

export async function retrain(c: db.Connection, o: RetrainOptions = {}): Promise<RetrainResult> {
  db.failDeadTrainingRuns(c);
  const parent = db.activeModel(c);
  if (!parent) throw new Error('Expected an active model to retrain but the database has none; read some scans first');
  const settings: RetrainSettings = { ...DEFAULT_RETRAIN, ...o.settings };
  const { train, heldOut, summary } = splitLabelled(db.labelledDigits(c), settings.heldOutShare, settings.seed);
  const modelsDir = o.modelsDir ?? modelsDirFor(c.raw.name);
  const job: RetrainJob = { parentFile: parent.file, outDir: modelsDir, train, heldOut, settings, data: summary };
  const runId = db.startTrainingRun(c, parent.id, { ...settings, ...summary });
  o.onStart?.(runId);
  let outcome: RetrainOutcome;
  try {
    outcome = await retrainInWorker(job, {
      signal: o.signal,
      onProgress: (p) => {
        // The store keeps the finished epochs (cheap, and what a reopened window shows); the rest is live only.
        if (p.batch === 0) db.setTrainingProgress(c, runId, { ...p });
        o.onProgress?.(p);
      },
    });
  } catch (err) {
    const cancelled = err instanceof RetrainCancelled;
    db.finishTrainingRun(c, runId, cancelled ? { status: 'cancelled' } : { status: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  const model = c.tx(() => {
    const m = db.upsertModel(c, {
      name: outcome.name,
      file: outcome.file,
      architecture: outcome.architecture,
      parentId: parent.id,
      metrics: outcome.metrics,
      data: { ...outcome.data, trainingRun: runId },
      reviewThreshold: outcome.reviewThreshold,
    });
    db.finishTrainingRun(c, runId, { status: 'done', modelId: m.id, metrics: outcome.metrics });
    return m;
  });
  return { runId, model, parent };
}
