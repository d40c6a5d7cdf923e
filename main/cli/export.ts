import { writeFile } from 'node:fs/promises';
import * as db from '../../db';
import { openExisting } from './existing';
import { exportCsv, exportJson } from '../pipeline/export';

export interface ExportCommand {
  db: string;
  format: 'csv' | 'json';
  batch?: number;
  out?: string;
}

export async function exportCommand(o: ExportCommand): Promise<number> {
  const c = openExisting(o.db);
  try {
    if (o.batch !== undefined && !db.getBatch(c, o.batch)) throw new Error(`Expected an existing batch id for --batch but received ${o.batch}`);
    const text = o.format === 'csv' ? exportCsv(c, o.batch) : exportJson(c, o.batch);
    if (o.out) await writeFile(o.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    c.close();
  }
}
