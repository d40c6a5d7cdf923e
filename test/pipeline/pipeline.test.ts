import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from '../../db';
import { batchingRecognizer, expandInputs, openModel, runBatch, type PipelineModel } from '../../main/pipeline';
import type { BatchEvent } from '../../main/api/contract';
import { tempDir } from '../db/helpers';
import { corruptImage, scanFolder, truthTexts, TEST_MODEL } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let images: string[];
let c: db.Connection;
let model: PipelineModel;

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(join(tmp.dir, 'scans'), { zip: 4, cheque: 4 });
  corruptImage(join(tmp.dir, 'scans', 'zip', 'broken.png'));
  c = db.openDatabase(join(tmp.dir, 'digitread.db'));
  model = await openModel(c, TEST_MODEL);
});
afterAll(() => {
  model?.engine.destroy();
  c?.close();
  tmp?.cleanup();
});

async function read(inputs: string[], signal?: AbortSignal, onEvent?: (e: BatchEvent) => void) {
  const files = await expandInputs(inputs);
  const batchId = db.createBatch(c, { name: 't', kind: 'auto', files });
  const recognizer = batchingRecognizer(model.engine);
  const status = await runBatch(c, batchId, {
    kind: 'auto',
    recognizer,
    modelId: model.record.id,
    reviewThreshold: model.record.reviewThreshold,
    signal,
    concurrency: 3,
    onEvent,
  });
  return { batchId, status, files, recognizer };
}

const count = (table: string) => c.raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('reading a batch', () => {
  it('registers the shipped model as the active one', () => {
    expect(db.activeModel(c)).toMatchObject({ name: model.engine.model.id, architecture: model.engine.model.architecture });
    expect(model.record.reviewThreshold).toBeGreaterThan(0);
  });

  it('reads zip forms and cheques into the store, with progress, per-file errors and review flags', async () => {
    const events: BatchEvent[] = [];
    const { batchId, status, files, recognizer } = await read([join(tmp.dir, 'scans')], undefined, (e) => events.push(e));
    expect(status).toBe('done');
    expect(files).toHaveLength(9); // 8 scans and the broken one; truth .json files skipped
    // Segmented in worker threads, every candidate digit was classified here, by the recogniser given.
    expect(recognizer.stats.inputs).toBeGreaterThan(0);
    expect(recognizer.stats.batches).toBeLessThanOrEqual(recognizer.stats.requests);

    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ filesDone: 9, filesTotal: 9, filesFailed: 1, etaSeconds: 0 });
    expect(events.filter((e) => e.type === 'file' && e.error !== null)).toEqual([
      expect.objectContaining({ file: join(tmp.dir, 'scans', 'zip', 'broken.png'), error: expect.stringMatching(/not a readable image/) }),
    ]);
    expect(events.at(-1)).toEqual({ type: 'finished', batchId, status: 'done', error: null });

    const b = db.getBatch(c, batchId)!;
    expect(b).toMatchObject({ status: 'done', filesTotal: 9, filesDone: 9, filesFailed: 1 });
    expect(b.digits).toBeGreaterThan(8 * 4);
    expect(progress.at(-1)).toMatchObject({ digits: b.digits });

    // Fields read as their truth, mostly: the model and segmentation are real, so not all of them.
    let right = 0;
    let total = 0;
    for (const image of images) {
      const scan = db.findScanByHash(c, hashOf(image))!;
      const fields = db.fieldsOfScan(c, scan.id);
      const texts = fields.map((f) => f.text);
      for (const t of truthTexts(image)) {
        total++;
        if (texts.includes(t)) right++;
      }
      for (const f of fields) {
        expect(f.needsReview).toBe(f.confidence < model.record.reviewThreshold);
        expect(f.text.replace(/[^0-9]/g, '')).toHaveLength(f.digits.length);
        for (const d of f.digits) {
          expect(d.input).toHaveLength(1024);
          expect(d.crop.data).toHaveLength(d.crop.width * d.crop.height);
          expect(d.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 3);
          expect(d.label).toBe(d.probabilities.indexOf(Math.max(...d.probabilities)));
          expect(d.modelId).toBe(model.record.id);
        }
      }
    }
    expect(right / total).toBeGreaterThan(0.5);
  });

  it('is idempotent: reading the same files again stores nothing new and classifies nothing', async () => {
    const before = { scans: count('scans'), fields: count('fields'), digits: count('digits') };
    const { status, recognizer, batchId } = await read([join(tmp.dir, 'scans')]);
    expect(status).toBe('done');
    // The broken file is retried (it may have been fixed), found broken again; the others are not read again.
    expect({ scans: count('scans'), fields: count('fields'), digits: count('digits') }).toEqual(before);
    expect(recognizer.stats.inputs).toBe(0);
    expect(db.getBatch(c, batchId)).toMatchObject({ filesDone: 9, filesFailed: 1, digits: before.digits });
  });

  it('stops on cancel, leaving the rest pending; resuming finishes without duplicates', async () => {
    const fresh = await scanFolder(join(tmp.dir, 'more'), { zip: 3, cheque: 3, seed: 11 });
    const controller = new AbortController();
    const files = await expandInputs([join(tmp.dir, 'more')]);
    const batchId = db.createBatch(c, { name: 'cancel', kind: 'auto', files });
    const opts = { kind: 'auto' as const, recognizer: batchingRecognizer(model.engine), modelId: model.record.id, reviewThreshold: model.record.reviewThreshold, concurrency: 2 };
    const status = await runBatch(c, batchId, {
      ...opts,
      signal: controller.signal,
      onEvent: (e) => e.type === 'file' && controller.abort(),
    });
    expect(status).toBe('cancelled');
    const left = db.pendingFiles(c, batchId).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(fresh.length);
    expect(db.getBatch(c, batchId)?.status).toBe('cancelled');

    const scansBefore = count('scans');
    expect(await runBatch(c, batchId, opts)).toBe('done');
    expect(db.pendingFiles(c, batchId)).toEqual([]);
    expect(count('scans')).toBe(scansBefore + left);
    expect(db.getBatch(c, batchId)).toMatchObject({ status: 'done', filesDone: 6 });
    expect(c.raw.prepare('SELECT count(DISTINCT hash) = count(*) FROM scans').pluck().get()).toBe(1);
  });
});

function hashOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
