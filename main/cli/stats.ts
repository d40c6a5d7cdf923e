import { statSync } from 'node:fs';
import * as db from '../../db';
import { openExisting } from './existing';

export function statsCommand(o: { db: string; json: boolean }): number {
  const c = openExisting(o.db);
  try {
    const s = db.storeStats(c);
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ db: o.db, ...s })}\n`);
      return 0;
    }
    const batches = Object.entries(s.batches).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
    const lines = [
      `database     ${o.db} (${(statSync(o.db).size / 1e6).toFixed(1)} MB)`,
      `batches      ${batches}`,
      `scans        ${s.scans.read} read, ${s.scans.failed} failed`,
      `fields       ${s.fields} (${s.toReview} to review, ${s.accepted} accepted)`,
      `digits       ${s.digits} (${s.corrections} corrected)`,
      `models       ${s.models} (active: ${s.activeModel ?? 'none'})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    c.close();
  }
}
