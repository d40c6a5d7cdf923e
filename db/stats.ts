import type { Connection } from './open';

export interface StoreStats {
  batches: Record<string, number>; // by status
  scans: { read: number; failed: number };
  fields: number;
  digits: number;
  toReview: number;
  accepted: number;
  corrections: number; // label corrections in effect
  models: number;
  activeModel: string | null;
}

export function storeStats(c: Connection): StoreStats {
  const count = (sql: string) => c.stmt<[], number>(sql).pluck().get()!;
  const batches = Object.fromEntries(
    c.stmt<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM batches GROUP BY status ORDER BY status').all().map((r) => [r.status, r.n]),
  );
  return {
    batches,
    scans: {
      read: count(`SELECT count(*) FROM scans WHERE status = 'read'`),
      failed: count(`SELECT count(*) FROM scans WHERE status = 'failed'`),
    },
    fields: count('SELECT count(*) FROM fields'),
    digits: count('SELECT count(*) FROM digits'),
    toReview: count('SELECT count(*) FROM fields WHERE needs_review = 1 AND accepted_at IS NULL'),
    accepted: count('SELECT count(*) FROM fields WHERE accepted_at IS NOT NULL'),
    corrections: count(`SELECT count(*) FROM corrections WHERE kind = 'label' AND undone_at IS NULL`),
    models: count('SELECT count(*) FROM models'),
    activeModel: c.stmt<[], string>('SELECT name FROM models WHERE active = 1').pluck().get() ?? null,
  };
}
