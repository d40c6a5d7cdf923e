import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type BatchEvent } from '../../main/api/contract';
import { createService, type DigitReadService } from '../../main/api/service';
import { tempDir } from '../db/helpers';
import { scanFolder, TEST_MODEL } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let api: DigitReadService;
let images: string[];
const events: BatchEvent[] = [];

function finished(batchId: number): Promise<BatchEvent> {
  const done = events.find((e) => e.type === 'finished' && e.batchId === batchId);
  if (done) return Promise.resolve(done);
  return new Promise((resolve) => {
    const off = api.onEvent((e) => {
      if (e.type === 'finished' && e.batchId === batchId) {
        off();
        resolve(e);
      }
    });
  });
}

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(join(tmp.dir, 'scans'), { zip: 3, cheque: 2, seed: 5 });
  api = createService({ dbPath: join(tmp.dir, 'data', 'digitread.db'), concurrency: 3, modelPath: TEST_MODEL });
  api.onEvent((e) => events.push(e));
});
afterAll(async () => {
  await api?.close();
  tmp?.cleanup();
});

describe('the service', () => {
  let batchId: number;

  it('starts a batch from paths and reports progress to the end', async () => {
    ({ batchId } = await api.startBatch({ paths: [join(tmp.dir, 'scans')] }));
    expect(await finished(batchId)).toEqual({ type: 'finished', batchId, status: 'done', error: null });
    expect(events.filter((e) => e.type === 'file')).toHaveLength(5);
    const [b] = await api.listBatches({});
    expect(b).toMatchObject({ id: batchId, status: 'done', kind: 'auto', filesTotal: 5, filesDone: 5, filesFailed: 0 });
    expect(b.name).toMatch(/^cheque-0000\.\w+ and 4 more$/); // folders are read in name order
  });

  it('lists, filters and shows scans with fields, digits and crops', async () => {
    const all = await api.listScans({ batchId });
    expect(all.total).toBe(5);
    const cheques = await api.listScans({ search: 'cheque-' });
    expect(cheques.items.map((s) => s.name).sort()).toEqual(images.slice(3).map((p) => p.split('/').at(-1)).sort());
    const confident = await api.listScans({ minConfidence: 0.5 });
    expect(confident.items.every((s) => s.confidence !== null && s.confidence >= 0.5)).toBe(true);

    const scan = await api.getScan({ scanId: all.items[0].id });
    expect(scan.fields.length).toBeGreaterThan(0);
    expect(scan.pages[0].page).toBe(1);
    const d = scan.fields[0].digits[0];
    expect(d.probabilities).toHaveLength(10);
    const crop = Buffer.from(d.cropUrl.split(',')[1], 'base64');
    expect(await sharp(crop).metadata()).toMatchObject({ format: 'png', width: expect.any(Number) });

    const image = await api.getScanImage({ scanId: scan.id });
    const meta = await sharp(image.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', scan.pages[0].width, scan.pages[0].height]);
  });

  it('runs the review loop: least confident first, correct, accept, undo', async () => {
    const q = await api.reviewQueue({ batchId });
    const confidences = q.items.map((i) => i.field.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    expect(q.left).toBe(q.items.length);
    const scan = await api.getScan({ scanId: (await api.listScans({ batchId })).items[0].id });
    const field = scan.fields[0];
    const digit = field.digits[0];
    const label = (digit.label + 1) % 10;

    const corrected = await api.correctDigit({ digitId: digit.id, label, who: 'ann' });
    expect(corrected.field.digits[0]).toMatchObject({ label, predicted: digit.label, corrected: true });
    expect(corrected.field.text).not.toBe(field.text);
    const accepted = await api.acceptField({ fieldId: field.id, who: 'ann' });
    expect(accepted.field.accepted).toBe(true);
    if (field.needsReview) expect((await api.reviewQueue({ batchId })).left).toBe(q.left - 1);

    const csv = (await api.exportResults({ format: 'csv', batchId })).content;
    expect(csv).toContain(`,${corrected.field.text},${field.text},`);

    expect(await api.undoCorrection({ who: 'ann' })).toMatchObject({ undone: { kind: 'accept', fieldId: field.id } });
    const undone = await api.undoCorrection({ who: 'ann' });
    expect(undone.field).toMatchObject({ text: field.text, accepted: false });
    expect(await api.undoCorrection({ who: 'ann' })).toEqual({ undone: null, field: null });
  });

  it('exports JSON, describes the model and shows feature maps', async () => {
    const json = await api.exportResults({ format: 'json' });
    expect(json).toMatchObject({ filename: 'digitread.json', mime: 'application/json' });
    expect(JSON.parse(json.content)).toHaveLength(5);

    const info = await api.modelInfo({});
    expect(info.active).toMatchObject({ active: true });
    expect(info.layers.find((l) => l.layer.startsWith('C1'))).toMatchObject({ output: '6@28×28', params: 156 });
    expect(info.backend).not.toMatch(/unavailable|unknown/);

    const scan = await api.getScan({ scanId: (await api.listScans({})).items[0].id });
    const maps = await api.featureMaps({ digitId: scan.fields[0].digits[0].id });
    const c1 = maps.layers.find((l) => l.name === 'c1')!;
    expect(c1).toMatchObject({ channels: 6, width: 28, height: 28 });
    expect(c1.maps).toHaveLength(6);
    expect(maps.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 3);
  });

  it('gives one digit with its field and scan', async () => {
    const scan = await api.getScan({ scanId: (await api.listScans({})).items[0].id });
    const field = scan.fields[0];
    const digit = field.digits[field.digits.length - 1];
    expect(await api.getDigit({ digitId: digit.id })).toEqual({ scan: { id: scan.id, path: scan.path, name: scan.name }, field, digit });
    await expect(api.getDigit({ digitId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reads uploads, and re-reading the same content adds no scan', async () => {
    const files = images.slice(0, 2).map((p) => ({ name: p.split('/').at(-1)!, bytes: new Uint8Array(readFileSync(p)) }));
    const { batchId: up } = await api.uploadBatch({ files: [...files, { name: 'notes.txt', bytes: new Uint8Array([1]) }], kind: 'zip' });
    expect(await finished(up)).toMatchObject({ status: 'done' });
    expect((await api.listScans({})).total).toBe(5);
    expect((await api.listScans({ batchId: up })).items.map((s) => s.name)).toEqual(files.map((f) => f.name));
  });

  it('refuses bad input and unknown ids with typed errors', async () => {
    await expect(api.correctDigit({ digitId: 1, label: 12 })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(api.getScan({ scanId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.startBatch({ paths: [join(tmp.dir, 'nothing-here')] })).resolves.toHaveProperty('batchId');
    await expect(api.startBatch({ paths: [] })).rejects.toBeInstanceOf(ApiError);
    mkdirSync(join(tmp.dir, 'empty'));
    await expect(api.startBatch({ paths: [join(tmp.dir, 'empty')] })).rejects.toMatchObject({ code: 'INVALID' });
  });
});
