import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readModel, SHIPPED_MODEL_PATH } from '../../engine/node/files';
import { ApiError, type RetrainStatus } from '../../main/api/contract';
import { createService, type DigitReadService } from '../../main/api/service';
import { tempDir } from '../db/helpers';
import { labelledStore } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let api: DigitReadService;

beforeAll(async () => {
  tmp = tempDir('digitread-retrain-service-');
  const dbPath = join(tmp.dir, 'data', 'digitread.db');
  const { c } = await labelledStore(dbPath, { fields: 30, accepted: 30, dir: join(tmp.dir, 'scans') });
  c.close();
  api = createService({ dbPath });
});
afterAll(async () => {
  await api?.close();
  tmp?.cleanup();
});

async function settled(): Promise<RetrainStatus> {
  for (;;) {
    const s = await api.retrainProgress({});
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('retrains off the service thread with live progress, lists the version beside its parent, and activates it', async () => {
  expect(await api.retrainProgress({})).toMatchObject({ state: 'idle', runId: null });
  expect(await api.cancelRetrain({})).toEqual({ cancelled: false });
  await expect(api.startRetrain({ settings: { epochs: 0 } })).rejects.toMatchObject({ code: 'INVALID' });

  const { runId } = await api.startRetrain({ settings: { epochs: 1, replayRatio: 1, calibrationScans: 10 } });
  await expect(api.startRetrain({})).rejects.toBeInstanceOf(ApiError); // one at a time
  // The service answers while the worker trains.
  expect((await api.listModels({})).map((m) => m.active)).toEqual([true]);
  const done = await settled();
  expect(done).toMatchObject({ runId, state: 'done', error: null });
  // One epoch for each member of the shipped committee.
  expect(done.progress?.history).toHaveLength((await readModel(SHIPPED_MODEL_PATH)).seconds.length + 1);
  expect(done.progress!.history[0].validationAccuracy).toBeGreaterThan(0.5);

  const [parent, version] = await api.listModels({});
  expect(version).toMatchObject({ id: done.modelId, parentId: parent.id, active: false });
  expect(existsSync(version.file)).toBe(true);
  expect(version.metrics.parentTestError).toBeCloseTo(parent.metrics.testError, 3);
  expect(version.data.trainDigits).toBeGreaterThan(0);

  const a = await api.activateModel({ modelId: version.id });
  expect(a.model).toMatchObject({ id: version.id, active: true });
  expect((await api.modelInfo({})).active?.id).toBe(version.id);
  await expect(api.activateModel({ modelId: 99 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

it('cancels a running retrain: no version is added', async () => {
  const before = await api.listModels({});
  await api.startRetrain({ settings: { epochs: 3 } });
  expect(await api.cancelRetrain({})).toEqual({ cancelled: true });
  expect((await settled()).state).toBe('cancelled');
  expect(await api.listModels({})).toEqual(before);
});
