import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from '../../db';
import { readModel, SHIPPED_MODEL_PATH, writeModel } from '../../engine/node/files';
import { sameText } from '../../main/eval/metrics';
import { batchingRecognizer, expandInputs, openModel, runBatch } from '../../main/pipeline';
import { calibrateModel, type Calibration } from '../../main/pipeline/calibrate';
import { tempDir } from '../db/helpers';
import { TEST_MODEL, truthTexts } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let model: string;
let result: Calibration;
const progress: { stage: string; done: number; total: number }[] = [];

beforeAll(async () => {
  tmp = tempDir();
  model = join(tmp.dir, 'model.bin');
  copyFileSync(TEST_MODEL ?? SHIPPED_MODEL_PATH, model);
  result = await calibrateModel({ modelPath: model, scans: 5, seed: 3, corpusDir: join(tmp.dir, 'corpus'), onProgress: (stage, done, total) => progress.push({ stage, done, total }) });
});
afterAll(() => tmp?.cleanup());

describe('calibrating the review threshold on field confidence', () => {
  it('rewrites the model with the threshold only: same weights, same provenance', async () => {
    const before = await readModel(TEST_MODEL ?? SHIPPED_MODEL_PATH);
    const after = await readModel(model);
    expect(after.header.reviewThreshold).toBe(result.reviewThreshold);
    expect(after.theta).toEqual(before.theta);
    expect(after.header.provenance).toEqual(before.header.provenance);
    expect(after.header.calibration).toMatchObject({ targetFieldError: 0.005, fields: result.fields });
    expect(result.fields).toBeGreaterThanOrEqual(8); // a field or more on each of the 10 scans, most of them
    expect(result.acceptedFields).toBeGreaterThan(0);
    expect(result.acceptedFields).toBe(Math.round(result.acceptRate * result.fields));
  });

  it('reports its progress as one count over making and reading both kinds of scans', () => {
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([20]));
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ stage: 'reading cheque scans', done: 20 });
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(['making zip scans', 'reading zip scans', 'making cheque scans', 'reading cheque scans']);
  });

  it('accepts, as the store applies it, only fields read right on the validation scans', async () => {
    const c = db.openDatabase(join(tmp.dir, 'check.db'));
    const m = await openModel(c, model);
    try {
      let accepted = 0;
      for (const sub of readdirSync(join(tmp.dir, 'corpus'))) {
        const kind = sub.startsWith('zip') ? 'zip' : 'cheque';
        const files = await expandInputs([join(tmp.dir, 'corpus', sub)]);
        const batchId = db.createBatch(c, { name: sub, kind, files });
        const opts = { kind, recognizer: batchingRecognizer(m.engine), modelId: m.record.id, reviewThreshold: m.record.reviewThreshold } as const;
        expect(await runBatch(c, batchId, opts)).toBe('done');
        for (const s of db.exportScans(c, batchId)) {
          for (const f of s.fields.filter((x) => !x.needsReview)) {
            accepted++;
            expect(truthTexts(s.path).some((t) => sameText(f.predictedText, t))).toBe(true); // 0.5% of ≤ 20 fields: none wrong
          }
        }
      }
      expect(accepted).toBe(result.acceptedFields);
    } finally {
      m.engine.destroy();
      c.close();
    }
  });

  it('refuses a model trained on another split, whose validation digits are unknown', async () => {
    const other = join(tmp.dir, 'other.bin');
    const m = await readModel(model);
    await writeModel(other, { ...m, header: { ...m.header, provenance: { ...m.header.provenance, settings: { seed: 2 } } } });
    await expect(calibrateModel({ modelPath: other, scans: 1, corpusDir: join(tmp.dir, 'corpus') })).rejects.toThrow(/other\.bin.*validation digits are unknown/);
  });
});
