import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as db from '../../db';
import { run } from '../cli/run-cli';
import { tempDir } from '../db/helpers';
import { labelledStore } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let dbFile: string;

beforeAll(async () => {
  tmp = tempDir('digitread-retrain-cli-');
  dbFile = join(tmp.dir, 'store.db');
  const { c } = await labelledStore(dbFile, { fields: 6, accepted: 0, dir: join(tmp.dir, 'scans') });
  c.close();
});
afterAll(() => tmp?.cleanup());

it('digitread label records the rows that align and reports, by line, those that do not', async () => {
  const c = db.openDatabase(dbFile);
  const [f1, f2] = [1, 4].map((i) => db.fieldsOfScan(c, db.findScanByPath(c, join(tmp.dir, 'scans', `scan-${i}.png`))!.id)[0]);
  c.close();
  const csv = join(tmp.dir, 'labels.csv');
  // Paths relative to the CSV's folder are found too.
  writeFileSync(csv, `file,text\nscans/scan-1.png,${f1.predictedText}\n${join(tmp.dir, 'scans', 'scan-4.png')},12345-6789\n`);
  const r = await run(['label', csv, '--db', dbFile]);
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(/1 of 2 fields labelled, 0 digits corrected, 1 not aligned; 0 segmented again/);
  expect(r.stderr).toContain(`labels.csv:3: ${join(tmp.dir, 'scans', 'scan-4.png')}: the field was segmented into ${f2.digits.length} digits but the label has 9; not aligned: its file cannot be read again (ENOENT)`);
  const after = db.openDatabase(dbFile);
  expect(db.getField(after, f1.id)?.acceptedAt).not.toBeNull();
  expect(db.getField(after, f2.id)?.acceptedAt).toBeNull();
  after.close();
});

it('digitread models lists the versions with the active one marked, and activate switches it', async () => {
  const models = await run(['models', '--db', dbFile]);
  expect(models.code).toBe(0);
  expect(models.stdout).toMatch(/^\* 1 {2}lenet5-\w+ {2}shipped\/file/);
  const bad = await run(['activate', '7', '--db', dbFile]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/model version .* but received 7/);
  // The fixture's scans have no files: activating reports each one it cannot re-read.
  const ok = await run(['activate', '1', '--db', dbFile, '--json']);
  expect(ok.code).toBe(2);
  const report = JSON.parse(ok.stdout) as { model: { id: number }; rescanned: number; failed: unknown[] };
  expect(report.model.id).toBe(1);
  expect(report.failed.length).toBeGreaterThan(0);
});
