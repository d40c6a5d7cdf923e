import type { Connection } from './open';
import { now, type ModelRecord } from './records';

interface ModelRow {
  id: number;
  name: string;
  file: string;
  architecture: string;
  parent_id: number | null;
  metrics: string;
  data: string;
  review_threshold: number;
  active: number;
  created_at: string;
}

function toModel(r: ModelRow): ModelRecord {
  return {
    id: r.id,
    name: r.name,
    file: r.file,
    architecture: r.architecture,
    parentId: r.parent_id,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    data: JSON.parse(r.data) as Record<string, unknown>,
    reviewThreshold: r.review_threshold,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

export interface NewModel {
  name: string;
  file: string;
  architecture: string;
  parentId?: number | null;
  metrics: Record<string, number>;
  data?: Record<string, unknown>;
  reviewThreshold: number;
}

/** Registers a model version, or refreshes the row of the same name (a model file re-registered). */
export function upsertModel(c: Connection, m: NewModel): ModelRecord {
  const row = c
    .stmt<[unknown], ModelRow>(
      `INSERT INTO models (name, file, architecture, parent_id, metrics, data, review_threshold, created_at)
       VALUES (@name, @file, @architecture, @parentId, @metrics, @data, @reviewThreshold, @createdAt)
       ON CONFLICT (name) DO UPDATE SET file = excluded.file, architecture = excluded.architecture,
         metrics = excluded.metrics, review_threshold = excluded.review_threshold
       RETURNING *`,
    )
    .get({ ...m, parentId: m.parentId ?? null, metrics: JSON.stringify(m.metrics), data: JSON.stringify(m.data ?? {}), createdAt: now() });
  return toModel(row!);
}

export function getModel(c: Connection, id: number): ModelRecord | undefined {
  const r = c.stmt<[number], ModelRow>('SELECT * FROM models WHERE id = ?').get(id);
  return r && toModel(r);
}

export function activeModel(c: Connection): ModelRecord | undefined {
  const r = c.stmt<[], ModelRow>('SELECT * FROM models WHERE active = 1').get();
  return r && toModel(r);
}

export function listModels(c: Connection): ModelRecord[] {
  return c.stmt<[], ModelRow>('SELECT * FROM models ORDER BY id').all().map(toModel);
}

export function activateModel(c: Connection, id: number): void {
  c.tx(() => {
    if (!c.stmt<[number]>('SELECT 1 FROM models WHERE id = ?').get(id)) throw new Error(`No model ${id}`);
    c.stmt('UPDATE models SET active = 0 WHERE active = 1').run();
    c.stmt<[number]>('UPDATE models SET active = 1 WHERE id = ?').run(id);
  });
}
