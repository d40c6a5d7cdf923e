import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { createBatch, exportScans, openDatabase } from '../../db';
import { thresholdForErrorRate } from '../../engine/evaluate';
import type { ModelHeader } from '../../engine/model-file';
import { readModel, writeModel } from '../../engine/node/files';
import { holdsOutSplit, MNIST_SPLIT } from '../../engine/node/mnist-split';
import { matchBoxes, sameText } from '../eval/metrics';
import type { DocumentKind } from '../segmentation';
import { writeCorpus } from '../synth/corpus';
import type { TruthFile } from '../synth/truth';
import { batchingRecognizer } from './batching';
import { expandInputs } from './ingest';
import { openModel } from './model';
import { runBatch } from './run';

/** Default: accepted fields may be wrong at most this often. */
export const DEFAULT_TARGET_FIELD_ERROR = 0.005;
const KINDS = ['zip', 'cheque'] as const satisfies readonly DocumentKind[];

export interface CalibrateOptions {
  modelPath: string;
  /** Where to write the calibrated model; default: over `modelPath`. */
  out?: string;
  targetError?: number;
  /** Synthetic scans per kind (zip forms, cheques). */
  scans?: number;
  seed?: number;
  /** Where the synthetic scans are made and kept for the next run; default: in the temp folder. */
  corpusDir?: string;
  workers?: number;
  signal?: AbortSignal;
  /** Progress over the whole run (making and reading the scans of both kinds), with the step under way. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface Calibration {
  model: string;
  reviewThreshold: number;
  previousReviewThreshold: number;
  targetFieldError: number;
  /** Fields the pipeline output (a field it made up, matching no true one, counts as a wrong read). */
  fields: number;
  acceptedFields: number;
  wrongAccepted: number;
  /** Of the fields output, the share accepted at the threshold. */
  acceptRate: number;
  /** Of the accepted fields, the share read wrong (≤ the target). */
  acceptedFieldError: number;
  /** Of the fields output, the share read wrong with no threshold. */
  fieldError: number;
  /** True fields the pipeline found no field for (never accepted; they count in neither rate). */
  missedFields: number;
  /** The share of fields a threshold would accept at other targets, to see how steep the trade is. */
  acceptRateAtError: Record<string, number>;
  scansPerKind: number;
  corpusSeed: number;
}

function assertHeldOutSplit(header: ModelHeader, file: string): void {
  if (holdsOutSplit(header)) return;
  const p = header.provenance as { data?: unknown; settings?: { seed?: unknown } };
  const data = typeof p.data === 'string' ? p.data : '';
  throw new Error(
    `Cannot calibrate ${file}: expected a model trained with ${MNIST_SPLIT.validation} MNIST training digits held out (seed ${MNIST_SPLIT.seed}) ` +
      `but its provenance says ${JSON.stringify(data || 'nothing')} (seed ${String(p.settings?.seed)}); its validation digits are unknown`,
  );
}

/** Synthetic scans of the held-out digits, made once per (kind, count, seed) and kept. */
async function validationCorpus(root: string, kind: DocumentKind, count: number, seed: number, onImage: (done: number) => void): Promise<string> {
  const dir = join(root, `${kind}-${count}-seed${seed}-validation-digits`);
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
  if (have < count) await writeCorpus({ out: dir, kind, count, seed, digits: 'validation', onImage });
  return dir;
}

/** Reads a corpus with the pipeline; for every field it output, its confidence and whether its text is the truth. */
async function readCorpus(
  dir: string,
  kind: DocumentKind,
  o: { modelPath: string; workers?: number; signal?: AbortSignal; onScan: (done: number, total: number) => void },
): Promise<{ outcomes: { confidence: number; correct: boolean }[]; missed: number }> {
  const work = mkdtempSync(join(tmpdir(), 'digitread-calibrate-'));
  const c = openDatabase(join(work, 'calibrate.db'));
  const model = await openModel(c, o.modelPath);
  try {
    const files = await expandInputs([dir]);
    const batchId = createBatch(c, { name: `calibrate ${kind}`, kind, files });
    await runBatch(c, batchId, {
      kind,
      recognizer: batchingRecognizer(model.engine),
      modelId: model.record.id,
      reviewThreshold: model.record.reviewThreshold,
      workers: o.workers,
      signal: o.signal,
      onEvent: (e) => e.type === 'progress' && o.onScan(e.filesDone, e.filesTotal),
    });
    o.signal?.throwIfAborted();
    const outcomes: { confidence: number; correct: boolean }[] = [];
    let missed = 0;
    for (const s of exportScans(c, batchId)) {
      const truth = JSON.parse(readFileSync(join(dir, `${basename(s.path, extname(s.path))}.json`), 'utf8')) as TruthFile;
      const read = s.fields.filter((f) => f.page === 1);
      // One-to-one, most overlapping first; any overlap will do, as a field's box is where its digits are.
      const pairs = matchBoxes(
        truth.fields.map((f) => f.box),
        read.map((f) => f.box),
        Number.MIN_VALUE,
      );
      const truthOf = new Map(pairs.map(([t, p]) => [p, truth.fields[t].text]));
      read.forEach((f, p) => {
        const text = truthOf.get(p);
        outcomes.push({ confidence: f.confidence, correct: text !== undefined && sameText(f.predictedText, text) });
      });
      missed += truth.fields.length - pairs.length;
    }
    return { outcomes, missed };
  } finally {
    model.engine.destroy();
    c.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Chooses a model's review threshold on field confidence: synthetic zip forms and cheques are drawn from the
 * MNIST training digits held out from its training (never the test digits) and read by the pipeline as it
 * stands, and the threshold is the lowest field confidence at which the accepted fields are wrong at most
 * `targetError` of the time. The model file is rewritten with that threshold; its weights stay as they are.
 */
export async function calibrateModel(o: CalibrateOptions): Promise<Calibration> {
  const target = o.targetError ?? DEFAULT_TARGET_FIELD_ERROR;
  const scans = o.scans ?? 500;
  const seed = o.seed ?? 1;
  const progress = o.onProgress ?? (() => {});
  const model = await readModel(o.modelPath);
  assertHeldOutSplit(model.header, o.modelPath);

  const outcomes: { confidence: number; correct: boolean }[] = [];
  let missed = 0;
  // Each kind's scans are made (or found from an earlier run), then read: four steps of `scans` each.
  const total = KINDS.length * 2 * scans;
  for (const [k, kind] of KINDS.entries()) {
    const made = 2 * k * scans;
    const dir = await validationCorpus(o.corpusDir ?? join(tmpdir(), 'digitread-calibration'), kind, scans, seed, (done) => progress(`making ${kind} scans`, made + done, total));
    const r = await readCorpus(dir, kind, {
      modelPath: o.modelPath,
      workers: o.workers,
      signal: o.signal,
      onScan: (done, files) => progress(`reading ${kind} scans`, made + scans + Math.round((done / files) * scans), total),
    });
    outcomes.push(...r.outcomes);
    missed += r.missed;
  }
  if (outcomes.length === 0) throw new Error(`Cannot calibrate ${o.modelPath}: the pipeline found no fields on ${2 * scans} scans`);

  const scored = { confidences: Float32Array.from(outcomes, (x) => x.confidence), correct: Uint8Array.from(outcomes, (x) => Number(x.correct)) };
  const { threshold } = thresholdForErrorRate(scored, target);
  // As the store applies it: a field is accepted when its confidence is at least the threshold.
  const accepted = outcomes.filter((x) => x.confidence >= threshold);
  const wrongAccepted = accepted.filter((x) => !x.correct).length;
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  const result: Calibration = {
    model: o.out ?? o.modelPath,
    reviewThreshold: threshold,
    previousReviewThreshold: model.header.reviewThreshold,
    targetFieldError: target,
    fields: outcomes.length,
    acceptedFields: accepted.length,
    wrongAccepted,
    acceptRate: r4(accepted.length / outcomes.length),
    acceptedFieldError: r4(wrongAccepted / Math.max(1, accepted.length)),
    fieldError: r4(outcomes.filter((x) => !x.correct).length / outcomes.length),
    missedFields: missed,
    acceptRateAtError: Object.fromEntries([0.005, 0.01, 0.02, 0.05].map((e) => [String(e), r4(thresholdForErrorRate(scored, e).acceptRate)])),
    scansPerKind: scans,
    corpusSeed: seed,
  };

  // The digit-level figure train wrote described the digit threshold this one replaces.
  const { validationAcceptRateAtReviewThreshold: _digitLevel, ...metrics } = model.header.metrics;
  const header: ModelHeader = {
    ...model.header,
    reviewThreshold: threshold,
    metrics: { ...metrics, validationFieldAcceptRate: result.acceptRate, validationFieldErrorAccepted: result.acceptedFieldError },
    calibration: {
      on: 'field confidence as the pipeline outputs it',
      data: `synthetic zip forms and cheques (${scans} each, seed ${seed}) of the ${MNIST_SPLIT.validation} MNIST training digits held out (seed ${MNIST_SPLIT.seed})`,
      targetFieldError: target,
      fields: result.fields,
      acceptedFields: result.acceptedFields,
      wrongAccepted,
      missedFields: missed,
      calibratedAt: new Date().toISOString(),
    },
  };
  await writeModel(o.out ?? o.modelPath, { ...model, header });
  return result;
}
