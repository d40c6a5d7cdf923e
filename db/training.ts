import type { Connection } from './open';
import { now } from './records';

export type TrainingStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface TrainingRunRecord {
  id: number;
  parentModelId: number | null;
  modelId: number | null;
  status: TrainingStatus;
  settings: Record<string, unknown>;
  progress: Record<string, unknown>;
  metrics: Record<string, number>;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Row {
  id: number;
  parent_model_id: number | null;
  model_id: number | null;
  status: TrainingStatus;
  settings: string;
  progress: string;
  metrics: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

function toRun(r: Row): TrainingRunRecord {
  return {
    id: r.id,
    parentModelId: r.parent_model_id,
    modelId: r.model_id,
    status: r.status,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    progress: JSON.parse(r.progress) as Record<string, unknown>,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function startTrainingRun(c: Connection, parentModelId: number | null, settings: Record<string, unknown>): number {
  const r = c
    .stmt<[number | null, string, string]>(
      `INSERT INTO training_runs (parent_model_id, status, settings, started_at) VALUES (?, 'running', ?, ?)`,
    )
    .run(parentModelId, JSON.stringify(settings), now());
  return Number(r.lastInsertRowid);
}

export function setTrainingProgress(c: Connection, id: number, progress: Record<string, unknown>): void {
  c.stmt<[string, number]>('UPDATE training_runs SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
}

export function finishTrainingRun(
  c: Connection,
  id: number,
  end: { status: Exclude<TrainingStatus, 'running'>; modelId?: number; metrics?: Record<string, number>; error?: string },
): void {
  c.stmt<[unknown]>(
    `UPDATE training_runs SET status = @status, model_id = @modelId, metrics = @metrics, error = @error,
       finished_at = @at WHERE id = @id`,
  ).run({
    id,
    status: end.status,
    modelId: end.modelId ?? null,
    metrics: JSON.stringify(end.metrics ?? {}),
    error: end.error ?? null,
    at: now(),
  });
}

export function getTrainingRun(c: Connection, id: number): TrainingRunRecord | undefined {
  const r = c.stmt<[number], Row>('SELECT * FROM training_runs WHERE id = ?').get(id);
  return r && toRun(r);
}

export function listTrainingRuns(c: Connection): TrainingRunRecord[] {
  return c.stmt<[], Row>('SELECT * FROM training_runs ORDER BY id').all().map(toRun);
}
