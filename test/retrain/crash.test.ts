import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as db from '../../db';
import { modelsDirFor, retrain } from '../../main/retrain/retrain';
import { start } from '../cli/run-cli';
import { tempDir } from '../db/helpers';
import { labelledStore, QUICK } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let dbFile: string;

beforeAll(async () => {
  tmp = tempDir('digitread-retrain-crash-');
  dbFile = join(tmp.dir, 'store.db');
  const { c } = await labelledStore(dbFile, { fields: 40, accepted: 30, dir: join(tmp.dir, 'scans') });
  c.close();
});
afterAll(() => tmp?.cleanup());

it('a retrain killed with SIGKILL mid-training leaves the active model and the versions as they were', async () => {
  const before = db.openDatabase(dbFile);
  const models = db.listModels(before);
  before.close();

  // Kill the real CLI once it reports a finished epoch: training is under way, the model not yet written.
  const child = start(['retrain', '--db', dbFile]);
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/training epoch 1\/\d/.test(stderr) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('close', () => resolve());
  });
  expect(child.signalCode).toBe('SIGKILL');

  const c = db.openDatabase(dbFile);
  try {
    expect(c.raw.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(db.listModels(c)).toEqual(models);
    expect(db.activeModel(c)?.id).toBe(models[0].id);
    const dir = modelsDirFor(dbFile);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]); // no file, whole or half-written
    const [killed] = db.listTrainingRuns(c);
    expect(killed.status).toBe('running');

    // The next retrain marks the dead run failed and makes its version as usual.
    const r = await retrain(c, { settings: QUICK });
    expect(db.getTrainingRun(c, killed.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ended before it finished/) });
    expect(db.listModels(c).map((m) => m.id)).toEqual([...models.map((m) => m.id), r.model.id]);
    expect(readdirSync(dir)).toEqual([`${r.model.name}.bin`]);
  } finally {
    c.close();
  }
});
