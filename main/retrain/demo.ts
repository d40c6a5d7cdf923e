/**
 * The demonstration of issue 6: a writer whose digits MNIST lacks (main/synth/habits.ts) fills in zip codes.
 * A batch of their scans is read and at most 200 fields are labelled from the truth, the model is retrained
 * with its defaults and activated, which re-reads a fresh batch of the same writer read before with the parent.
 * The corrected scans draw on MNIST training digits held out from training; the fresh ones on MNIST test
 * digits, so no digit is both learnt from and measured on.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as db from '../../db';
import { matchBoxes } from '../eval/metrics';
import { batchingRecognizer, expandInputs, openModel, runBatch } from '../pipeline';
import { writeCorpus, type DigitSource } from '../synth/corpus';
import type { TruthFile } from '../synth/truth';
import { activateVersion } from './activate';
import { applyLabelCsv } from './labels';
import { retrain } from './retrain';
import type { RetrainProgress } from './progress';
import type { RetrainSettings } from './settings';

export interface DemoOptions {
  /** Folder for the scans and the database. Corpora already there are reused. */
  dir: string;
  /** Scans read and labelled (one zip field each): at most 200. */
  correctedFields: number;
  freshScans: number;
  seed?: number;
  /** Other retrain settings to compare with the defaults (the demonstration itself uses the defaults). */
  settings?: Partial<RetrainSettings>;
  onProgress?(p: RetrainProgress): void;
}

export interface DemoResult {
  corrected_fields: number;
  label_problems: number;
  /** Labelled fields first segmented into another number of digits, aligned by reading them again with the label's count. */
  labels_resegmented: number;
  fresh_scans: number;
  fresh_digits: number;
  /** style_digit_error: true digits not found or misread, over all; recognition_error: of the digits found, those misread. */
  parent: { style_digit_error: number; recognition_error: number; mnist_test_error: number };
  retrained: { style_digit_error: number; recognition_error: number; mnist_test_error: number; mnist_validation_error: number; held_out_error: number };
  parent_held_out_error: number;
  retrain_s: number;
  activation: { rescanned: number; fields_changed: number; digits_changed: number };
}

/** The first `count` scans of a corpus (image i depends only on the seed and i, so a larger corpus serves). */
async function corpus(dir: string, count: number, seed: number, digits: DigitSource): Promise<TruthFile[]> {
  const have = await readdir(dir).then((f) => f.filter((n) => n.endsWith('.json')).length, () => 0);
  if (have < count) await writeCorpus({ out: dir, kind: 'zip', count, seed, style: 'habits', digits });
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().slice(0, count);
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as TruthFile));
}

/** Digit error of the stored readings of a corpus: true digits not found (IoU ≥ 0.5) or labelled wrong, over all. */
export function storedDigitError(c: db.Connection, dir: string, scans: TruthFile[]): { digits: number; error: number; recognitionError: number } {
  let digits = 0;
  let found = 0;
  let right = 0;
  for (const t of scans) {
    const scan = db.findScanByPath(c, join(dir, t.image));
    const read = scan ? db.fieldsOfScan(c, scan.id).flatMap((f) => f.digits) : [];
    const truth = t.fields.flatMap((f) => f.digits);
    digits += truth.length;
    for (const [ti, pi] of matchBoxes(truth.map((d) => d.box), read.map((d) => d.box))) {
      found++;
      if (truth[ti].label === read[pi].label) right++;
    }
  }
  return { digits, error: 1 - right / digits, recognitionError: 1 - right / found };
}

async function readScans(c: db.Connection, dir: string, scans: TruthFile[], model: Awaited<ReturnType<typeof openModel>>): Promise<void> {
  const files = await expandInputs(scans.map((t) => join(dir, t.image)));
  const batchId = db.createBatch(c, { name: dir, kind: 'zip', files });
  await runBatch(c, batchId, { kind: 'zip', recognizer: batchingRecognizer(model.engine), modelId: model.record.id, reviewThreshold: model.record.reviewThreshold });
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  if (o.correctedFields > 200) throw new Error(`Expected at most 200 corrected fields but received ${o.correctedFields}`);
  const seed = o.seed ?? 11;
  const correctedDir = join(o.dir, `corrected-seed${seed}`);
  const freshDir = join(o.dir, `fresh-seed${seed + 1}`);
  const corrected = await corpus(correctedDir, o.correctedFields, seed, 'validation');
  const fresh = await corpus(freshDir, o.freshScans, seed + 1, 'test');

  // A fresh store each time, with its model versions beside it; removed at the end.
  const work = await mkdtemp(join(o.dir, 'store-'));
  const c = db.openDatabase(join(work, 'demo.db'));
  try {
    const parentModel = await openModel(c);
    try {
      await readScans(c, correctedDir, corrected, parentModel);
      await readScans(c, freshDir, fresh, parentModel);
    } finally {
      parentModel.engine.destroy();
    }
    const csv = ['file,text', ...corrected.map((t) => `${join(correctedDir, t.image)},${t.fields[0].text}`)].join('\n');
    const labels = await applyLabelCsv(c, csv, { csvPath: join(correctedDir, 'labels.csv'), who: 'demo' });
    const before = storedDigitError(c, freshDir, fresh);

    const t0 = performance.now();
    const { model } = await retrain(c, { settings: o.settings, onProgress: o.onProgress });
    const retrainSeconds = (performance.now() - t0) / 1000;
    const activation = await activateVersion(c, model.id);
    const after = storedDigitError(c, freshDir, fresh);
    const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
    return {
      corrected_fields: labels.fields,
      label_problems: labels.problems.length,
      labels_resegmented: labels.resegmented,
      fresh_scans: o.freshScans,
      fresh_digits: before.digits,
      parent: { style_digit_error: r4(before.error), recognition_error: r4(before.recognitionError), mnist_test_error: model.metrics.parentTestError },
      retrained: {
        style_digit_error: r4(after.error),
        recognition_error: r4(after.recognitionError),
        mnist_test_error: model.metrics.testError,
        mnist_validation_error: model.metrics.validationError,
        held_out_error: r4(model.metrics.heldOutError),
      },
      parent_held_out_error: r4(model.metrics.parentHeldOutError),
      retrain_s: Math.round(retrainSeconds * 10) / 10,
      activation: { rescanned: activation.rescanned, fields_changed: activation.fieldsChanged, digits_changed: activation.digitsChanged },
    };
  } finally {
    c.close();
    await rm(work, { recursive: true, force: true });
  }
}
