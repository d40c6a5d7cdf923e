import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as db from '../../db';
import { tempDir } from '../db/helpers';
import { scanFolder, TEST_MODEL } from '../pipeline/fixtures';
import { run, start } from './run-cli';

let tmp: ReturnType<typeof tempDir>;
let images: string[];

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(join(tmp.dir, 'scans'), { zip: 8, cheque: 8, seed: 31 });
});
afterAll(() => tmp?.cleanup());

it('a reading killed with SIGKILL leaves a consistent store, and running again finishes without duplicates', async () => {
  const dbFile = join(tmp.dir, 'digitread.db');
  const args = ['read', join(tmp.dir, 'scans'), '--db', dbFile, '--json', '--concurrency', '2', ...(TEST_MODEL ? ['--model', TEST_MODEL] : [])];

  // Kill it for real after a few scans are stored, with others in flight.
  const child = start(args);
  let lines = 0;
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      lines += d.toString().split('\n').length - 1;
      if (lines >= 3 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('close', () => resolve());
  });
  expect(child.signalCode).toBe('SIGKILL');

  const c = db.openDatabase(dbFile);
  const q = (sql: string) => c.raw.prepare(sql).pluck().get();
  expect(q('PRAGMA integrity_check')).toBe('ok');
  expect(c.raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  const stored = q('SELECT count(*) FROM scans') as number;
  expect(stored).toBeGreaterThanOrEqual(3);
  expect(stored).toBeLessThan(images.length);
  // Whole scans only: each field has all its digits, each file marked done has its scan.
  const fields = c.raw.prepare('SELECT id, predicted_text FROM fields').all() as { id: number; predicted_text: string }[];
  for (const f of fields) {
    expect(q(`SELECT count(*) FROM digits WHERE field_id = ${f.id}`)).toBe(f.predicted_text.replace(/[^0-9]/g, '').length);
  }
  expect(q(`SELECT count(*) FROM batch_files WHERE status = 'done'`)).toBe(stored);
  expect(q(`SELECT count(*) FROM batch_files WHERE status = 'done' AND scan_id IS NULL`)).toBe(0);
  expect(db.markInterrupted(c)).toEqual([1]); // its process is gone
  c.close();

  const again = await run(args);
  expect(again.code).toBe(0);
  expect(again.stdout.trim().split('\n')).toHaveLength(images.length);

  const after = db.openDatabase(dbFile);
  const p = (sql: string) => after.raw.prepare(sql).pluck().get();
  expect(p('SELECT count(*) FROM scans')).toBe(images.length);
  expect(p('SELECT count(DISTINCT hash) FROM scans')).toBe(images.length);
  expect(p('SELECT count(*) FROM (SELECT scan_id, page, position FROM fields GROUP BY 1, 2, 3 HAVING count(*) > 1)')).toBe(0);
  expect(db.listBatches(after).map((b) => b.status)).toEqual(['done', 'interrupted']);
  after.close();
});
