import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from '../../db';
import sharp from 'sharp';
import { readModel } from '../../engine/node/files';
import { batchingRecognizer, expandInputs, openModel, runBatch } from '../../main/pipeline';
import { activateVersion } from '../../main/retrain/activate';
import { splitLabelled } from '../../main/retrain/data';
import { RetrainCancelled } from '../../main/retrain/host';
import { applyLabelCsv } from '../../main/retrain/labels';
import { modelsDirFor, retrain } from '../../main/retrain/retrain';
import { readScan } from '../../main/segmentation';
import { writeCorpus } from '../../main/synth/corpus';
import type { TruthFile } from '../../main/synth/truth';
import { tempDir } from '../db/helpers';
import { labelledStore, QUICK } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let c: db.Connection;
let parent: db.ModelRecord;
const FIELDS = 60;
const ACCEPTED = 40;

beforeAll(async () => {
  tmp = tempDir('digitread-retrain-');
  ({ c, parent } = await labelledStore(join(tmp.dir, 'store.db'), { fields: FIELDS, accepted: ACCEPTED, dir: join(tmp.dir, 'scans') }));
});
afterAll(() => {
  c?.close();
  tmp?.cleanup();
});

describe('training data', () => {
  it('takes the corrections in effect and the uncorrected digits of accepted fields, split by field', () => {
    const digits = db.labelledDigits(c);
    // The fixture: one field in three has nine digits, and the first digit of one in three is corrected.
    const acceptedDigits = Array.from({ length: ACCEPTED }, (_, f): number => (f % 3 === 2 ? 9 : 5)).reduce((a, b) => a + b);
    expect(digits.filter((d) => d.source === 'correction')).toHaveLength(Math.ceil(FIELDS / 3));
    expect(digits.filter((d) => d.source === 'confirmed')).toHaveLength(acceptedDigits - Math.ceil(ACCEPTED / 3));
    const split = splitLabelled(digits, 0.2, 1);
    expect(split.train.count + split.heldOut.count).toBe(digits.length);
    expect(split.heldOut.count).toBeGreaterThan(0);
    // Whole fields go one way: every held-out field's digits are all held out.
    const heldOutFields = split.summary.heldOutFields;
    expect(heldOutFields).toBeGreaterThan(0);
    expect(heldOutFields).toBeLessThan(split.summary.fields);
    expect(splitLabelled(digits, 0.2, 1).heldOut.labels).toEqual(split.heldOut.labels);
  });

  it('refuses to retrain on too few digits', () => {
    expect(() => splitLabelled(db.labelledDigits(c).slice(0, 5), 0.2, 1)).toThrow(/at least 20 corrected or confirmed digits.*has 5/);
  });
});

describe('labels from a CSV', () => {
  it('corrects and accepts the fields that align, and reports the rest without changing them', async () => {
    const scan = (f: number) => db.findScanByPath(c, join(tmp.dir, 'scans', `scan-${f}.png`))!;
    const fieldOf = (f: number) => db.fieldsOfScan(c, scan(f).id)[0];
    const before = fieldOf(59); // untouched: not accepted, its digits as read
    const truth = before.digits.map((d) => d.label);
    truth[2] = (truth[2] + 5) % 10;
    const csv = [
      'file,text',
      `${scan(59).path},${truth.join('')}`,
      `${scan(58).path},1234`, // four digits for a field of five
      `${join(tmp.dir, 'scans', 'never-read.png')},12345`,
      `${scan(57).path},12a45`,
    ].join('\n');
    const r = await applyLabelCsv(c, csv, { csvPath: join(tmp.dir, 'labels.csv'), who: 'tester' });
    expect(r).toMatchObject({ rows: 4, fields: 1, corrected: 1, resegmented: 0 });
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      // The fixture's scans have no files to segment again.
      [3, expect.stringMatching(/segmented into 5 digits but the label has 4; not aligned: its file cannot be read again \(ENOENT\)/)],
      [4, expect.stringMatching(/no scan was read from this path/)],
      [5, expect.stringMatching(/expected a text of digits/)],
    ]);
    const after = fieldOf(59);
    expect(after.acceptedAt).not.toBeNull();
    expect(after.text).toBe(truth.join(''));
    expect(fieldOf(58).acceptedAt).toBeNull();
    await expect(applyLabelCsv(c, 'path,value\na,1', { csvPath: 'x.csv', who: 't' })).rejects.toThrow(/header "file,text" in x.csv/);
  });
});

describe('labels whose digit count differs from the segmentation', () => {
  // Scan 3 of this corpus (a writer MNIST lacks, digits from MNIST's validation part) is a five-digit zip
  // code. Its first reading is stored without its last digit, as a segmenter that ran two digits into one
  // leaves a field.
  const SEED = 3;
  const SCAN = 3;
  let work: ReturnType<typeof tempDir>;
  let s: db.Connection;
  let truth: TruthFile;
  let original: string;
  let copy: string;

  beforeAll(async () => {
    work = tempDir('digitread-labels-');
    const dir = join(work.dir, 'scans');
    await writeCorpus({ out: dir, kind: 'zip', count: SCAN + 1, seed: SEED, style: 'habits', digits: 'validation' });
    truth = JSON.parse(readFileSync(join(dir, `zip-${String(SCAN).padStart(4, '0')}.json`), 'utf8')) as TruthFile;
    original = join(dir, truth.image);
    // The same page in another file (other bytes, so another scan), to delete after it is read.
    copy = join(dir, 'copy.png');
    await sharp(original).png().toFile(copy);
    s = db.openDatabase(join(work.dir, 'store.db'));
    const model = await openModel(s);
    try {
      const files = await expandInputs([original, copy]);
      const batchId = db.createBatch(s, { name: dir, kind: 'zip', files });
      await runBatch(s, batchId, { kind: 'zip', recognizer: batchingRecognizer(model.engine), modelId: model.record.id, reviewThreshold: 0.9 });
      for (const path of [original, copy]) {
        const field = db.fieldsOfScan(s, db.findScanByPath(s, path)!.id)[0];
        const [page] = await readScan({ file: path }, { kind: 'zip', recognizer: model.engine });
        const read = page.fields[0];
        db.replaceFieldDigits(s, field.id, { ...read, digits: read.digits.slice(0, -1), text: read.text.slice(0, -1) }, model.record.id, 0.9);
      }
    } finally {
      model.engine.destroy();
    }
  }, 120_000);
  afterAll(() => {
    s?.close();
    work?.cleanup();
  });

  const fieldOf = (path: string) => db.fieldsOfScan(s, db.findScanByPath(s, path)!.id)[0];

  it('reads the field again with the label\'s digit count, stores that reading, then corrects and accepts it', async () => {
    const want = truth.fields[0].digits;
    const before = fieldOf(original);
    expect(before.digits.length).toBe(want.length - 1); // the first reading does not align
    const copyBefore = fieldOf(copy);
    expect(copyBefore.digits.length).toBe(before.digits.length);
    rmSync(copy);
    const csv = ['file,text', `${original},${truth.fields[0].text}`, `${copy},${truth.fields[0].text}`].join('\n');
    const r = await applyLabelCsv(s, csv, { csvPath: join(work.dir, 'labels.csv'), who: 'tester' });
    expect(r).toMatchObject({ rows: 2, fields: 1, resegmented: 1 });
    const after = fieldOf(original);
    expect(after.id).toBe(before.id);
    expect(after.digits).toHaveLength(want.length);
    expect(after.acceptedAt).not.toBeNull();
    expect(after.text).toBe(truth.fields[0].text);
    // The new digits are the written ones in order (each box holds its written digit's centre), each with its
    // own input and probabilities.
    const holds = (b: db.Box, [x, y, w, h]: db.Box) => b[0] <= x + w / 2 && x + w / 2 <= b[0] + b[2] && b[1] <= y + h / 2 && y + h / 2 <= b[1] + b[3];
    for (const d of after.digits) {
      expect(holds(d.box, want[d.position].box)).toBe(true);
      expect(d.input).toHaveLength(1024);
      expect(d.crop.data).toHaveLength(d.crop.width * d.crop.height);
      expect(d.label).toBe(d.probabilities.indexOf(Math.max(...d.probabilities)));
      expect(d.correctedLabel ?? d.label).toBe(want[d.position].label);
    }
    expect(r.corrected).toBe(after.digits.filter((d) => d.correctedLabel !== null).length);
    // The deleted file is reported, and its field keeps its reading.
    expect(r.problems).toEqual([
      { line: 3, file: copy, reason: expect.stringMatching(/segmented into \d+ digits but the label has 5; not aligned: its file cannot be read again \(ENOENT\)/) },
    ]);
    expect(fieldOf(copy)).toEqual(copyBefore);
  });
});

describe('retrain', () => {
  for (const phase of ['training', 'calibrating'] as const) {
    it(`cancelled while ${phase}, it leaves the active model and the versions as they were and writes no file`, async () => {
      const models = db.listModels(c);
      const abort = new AbortController();
      const run = retrain(c, { settings: QUICK, signal: abort.signal, onProgress: (p) => p.phase === phase && abort.abort() });
      await expect(run).rejects.toBeInstanceOf(RetrainCancelled);
      expect(db.listModels(c)).toEqual(models);
      expect(db.listTrainingRuns(c).at(-1)?.status).toBe('cancelled');
      expect(existsSync(modelsDirFor(c.raw.name)) ? readdirSync(modelsDirFor(c.raw.name)) : []).toEqual([]);
    });
  }

  it('makes a new version: a complete file and a row with its parent, data and both models\' metrics', async () => {
    const progress: string[] = [];
    const r = await retrain(c, { settings: QUICK, onProgress: (p) => progress.push(p.phase) });
    expect(progress).toEqual(expect.arrayContaining(['preparing', 'training', 'evaluating', 'calibrating', 'writing']));
    expect(r.parent.id).toBe(parent.id);
    expect(r.model.parentId).toBe(parent.id);
    expect(db.activeModel(c)?.id).toBe(parent.id); // not activated unless asked
    const file = await readModel(r.model.file);
    expect(file.id).toBe(r.model.name);
    // Every member of the parent's committee learnt, and the new version reads as a committee too.
    const before = await readModel(parent.file);
    expect(file.seconds).toHaveLength(before.seconds.length);
    for (const [i, t] of file.seconds.entries()) expect(t).not.toEqual(before.seconds[i]);
    expect(file.header.metrics).toEqual(r.model.metrics);
    // Its review threshold is on fields, calibrated as `digitread calibrate` does, not training's digit-level guess.
    expect(file.header.calibration).toMatchObject({ on: 'field confidence as the pipeline outputs it', fields: expect.any(Number) });
    expect(file.header.reviewThreshold).toBe(r.model.reviewThreshold);
    expect(r.model.metrics.validationFieldAcceptRate).toBeGreaterThanOrEqual(0);
    for (const k of ['testError', 'heldOutError', 'parentTestError', 'parentHeldOutError', 'validationError'])
      expect(r.model.metrics[k]).toBeGreaterThanOrEqual(0);
    expect(r.model.metrics.parentTestError).toBeCloseTo(parent.metrics.testError, 3);
    const labelled = db.labelledDigits(c).length;
    expect(Number(r.model.data.trainDigits) + Number(r.model.data.heldOutDigits)).toBe(labelled);
    expect(r.model.data.replayDigits).toBe(Math.max(QUICK.minReplay, Number(r.model.data.trainDigits)));
    expect(readdirSync(modelsDirFor(c.raw.name))).toEqual([`${r.model.name}.bin`]); // no temporary file left
    const run = db.getTrainingRun(c, r.runId)!;
    expect(run).toMatchObject({ status: 'done', modelId: r.model.id, parentModelId: parent.id });
  });

  it('activates any version, re-reading only the unconfirmed scans, and reports those it cannot read', async () => {
    const [, version] = db.listModels(c);
    const untouched = db.unconfirmedScans(c).length;
    expect(untouched).toBeGreaterThan(0);
    const a = await activateVersion(c, version.id);
    expect(db.activeModel(c)?.id).toBe(version.id);
    // The fixture's scan files do not exist: each is reported, and keeps its reading.
    expect(a.rescanned).toBe(0);
    expect(a.failed).toHaveLength(untouched);
    expect(a.failed[0].error).toMatch(/ENOENT/);
    expect(db.unconfirmedScans(c)).toHaveLength(untouched);
    const back = await activateVersion(c, parent.name);
    expect(back.model.id).toBe(parent.id);
    expect(db.activeModel(c)?.id).toBe(parent.id);
    await expect(activateVersion(c, 999)).rejects.toThrow(/model version.*999/);
  });
});
