import type { Connection } from './open';
import { pidAlive } from './batches';
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
    .stmt<[number | null, string, string, number]>(
      `INSERT INTO training_runs (parent_model_id, status, settings, started_at, pid) VALUES (?, 'running', ?, ?, ?)`,
    )
    .run(parentModelId, JSON.stringify(settings), now(), process.pid);
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

/** Runs left 'running' by a process that no longer exists (killed, crashed) become 'failed'. Returns their ids. */
export function failDeadTrainingRuns(c: Connection, isAlive: (pid: number) => boolean = pidAlive): number[] {
  return c.tx(() => {
    const running = c.stmt<[], { id: number; pid: number | null }>(`SELECT id, pid FROM training_runs WHERE status = 'running'`).all();
    const dead = running.filter((r) => r.pid === null || !isAlive(r.pid)).map((r) => r.id);
    for (const id of dead) finishTrainingRun(c, id, { status: 'failed', error: 'the process training it ended before it finished' });
    return dead;
  });
}
