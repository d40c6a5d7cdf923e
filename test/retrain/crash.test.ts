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

// Killed mid-training, nothing is on disk yet; killed while calibrating, the new model's draft is, and the
// next retrain clears it.
it.each([
  { phase: 'training', killAt: /training epoch 1\/\d/, drafts: 0 },
  { phase: 'calibrating', killAt: /^calibrating /m, drafts: 1 },
])('a retrain killed with SIGKILL while $phase leaves the active model and the versions as they were', async ({ killAt, drafts }) => {
  const before = db.openDatabase(dbFile);
  const models = db.listModels(before);
  before.close();
  const dir = modelsDirFor(dbFile);
  const files = existsSync(dir) ? readdirSync(dir) : [];

  const child = start(['retrain', '--db', dbFile, '--calibration-scans', '10']);
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (killAt.test(stderr) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('close', () => resolve());
  });
  expect(child.signalCode).toBe('SIGKILL');

  const c = db.openDatabase(dbFile);
  try {
    expect(c.raw.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(db.listModels(c)).toEqual(models);
    expect(db.activeModel(c)?.id).toBe(models[0].id);
    const left = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => !files.includes(f));
    expect(left.filter((f) => f.endsWith('.draft'))).toHaveLength(drafts);
    expect(left).toHaveLength(drafts); // no model file, whole or half-written
    const running = db.listTrainingRuns(c).filter((r) => r.status === 'running');
    expect(running).toHaveLength(1); // the killed one, never finished
    const [killed] = running;

    // The next retrain marks the dead run failed, removes the dead one's draft, and makes its version as usual.
    const r = await retrain(c, { settings: QUICK });
    expect(db.getTrainingRun(c, killed.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ended before it finished/) });
    expect(db.listModels(c).map((m) => m.id)).toEqual([...models.map((m) => m.id), r.model.id]);
    expect(readdirSync(dir).sort()).toEqual([...files, `${r.model.name}.bin`].sort());
  } finally {
    c.close();
  }
}, 360_000); // the CLI retrains with the defaults: every member of the shipped committee, six epochs each
