import { readFile } from 'node:fs/promises';
import * as db from '../../db';
import type { EngineLoader } from '../../engine/loaded';
import { batchingRecognizer, contentHash, openModel } from '../pipeline';
import { startSegmentPool } from '../pipeline/segment-pool';
import { errorText } from '../pipeline/segment-protocol';

export interface ActivationReport {
  model: db.ModelRecord;
  /** Scans read again with the model (those the operator has not touched). */
  rescanned: number;
  /** Fields whose predicted text differs from before, and digits whose predicted label does. */
  fieldsChanged: number;
  digitsChanged: number;
  /** Scans that could not be read again (moved, deleted): they keep their earlier reading. */
  failed: { path: string; error: string }[];
}

/** A model version by its row id or its name (the model file's id). */
export function findVersion(c: db.Connection, version: string | number): db.ModelRecord {
  const m = /^\d+$/.test(String(version)) ? db.getModel(c, Number(version)) : db.listModels(c).find((x) => x.name === version);
  if (!m) throw new Error(`Expected a model version (an id or a name listed by \`digitread models\`) but received ${version}`);
  return m;
}

/** Labels of a field's digits that differ, counting missing or extra digits as changed. */
function changedDigits(a: number[] = [], b: number[] = []): number {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}

/**
 * Makes a version the active model (any earlier one too) and reads again, with it, the scans the operator has
 * not confirmed or corrected, counting the predictions that changed. Each scan is replaced in one transaction.
 */
export async function activateVersion(
  c: db.Connection,
  version: string | number,
  o: { load?: EngineLoader; concurrency?: number; signal?: AbortSignal; onScan?(done: number, total: number): void } = {},
): Promise<ActivationReport> {
  const target = findVersion(c, version);
  db.activateModel(c, target.id);
  const scans = db.unconfirmedScans(c);
  const report: ActivationReport = { model: { ...target, active: true }, rescanned: 0, fieldsChanged: 0, digitsChanged: 0, failed: [] };
  if (scans.length === 0) return report;
  const model = await openModel(c, undefined, o.load);
  const pool = startSegmentPool({ recognizer: batchingRecognizer(model.engine) });
  let next = 0;
  const lane = async () => {
    while (next < scans.length && !o.signal?.aborted) {
      const s = scans[next++];
      try {
        const data = await readFile(s.path);
        if (contentHash(data) !== s.hash) throw new Error('the file has changed since it was read');
        const pages = await pool.read(s.path, data, s.kind as db.BatchKind, o.signal);
        const before = db.predictedLabels(c, s.id);
        db.saveScan(c, { hash: s.hash, path: s.path, name: s.name, size: s.size, kind: s.kind, modelId: model.record.id, reviewThreshold: model.record.reviewThreshold, result: { pages } });
        const after = db.predictedLabels(c, s.id);
        for (const key of new Set([...before.keys(), ...after.keys()])) {
          const d = changedDigits(before.get(key), after.get(key));
          report.digitsChanged += d;
          if (d > 0) report.fieldsChanged++;
        }
        report.rescanned++;
      } catch (err) {
        if (o.signal?.aborted) break;
        report.failed.push({ path: s.path, error: errorText(err) });
      }
      o.onScan?.(report.rescanned + report.failed.length, scans.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 16, scans.length) }, lane));
  } finally {
    await pool.close();
    model.engine.destroy();
  }
  return report;
}
