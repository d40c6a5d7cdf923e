import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recognizer } from '../../engine/recognizer';
import { readScan, ScanError, type DocumentKind, type ReadField } from '../segmentation';
import { iou } from '../segmentation/image';
import type { TruthFile } from '../synth/truth';
import { bootstrapInterval, matchBoxes, operatingPoint, sameText, type FieldOutcome, type OperatingPoint } from './metrics';
import { RecognizerAlone, type AloneRead } from './recognizer-alone';

export interface EvalReport {
  corpus: string;
  kind: string;
  images: number;
  failed_images: number;
  fields: number;
  digits: number;
  segmentation: { recall: number; precision: number; iou: number };
  /** True digits found (IoU ≥ 0.5) and labelled right, over all true digits. */
  digit_accuracy: number;
  /** Of the digits found, the share labelled right. */
  matched_digit_accuracy: number;
  field_exact_match: number;
  read_rate_at_1pct_error: OperatingPoint;
  read_rate_at_0_5pct_error: OperatingPoint;
  /** 95% bootstrap intervals (over scans) of the field exact-match rate and the two read rates. */
  interval_95: { field_exact_match: [number, number]; read_rate_at_1pct_error: [number, number]; read_rate_at_0_5pct_error: [number, number] };
  /**
   * The same true fields read from their digits' own MNIST images, as perfect segmentation would give them:
   * what the recogniser alone allows. Absent for a corpus whose truth does not name the images.
   */
  recognizer_alone?: { digit_accuracy: number; field_exact_match: number; read_rate_at_1pct_error: number; read_rate_at_0_5pct_error: number };
  images_per_s: number;
  errors: string[];
}

export interface EvalOptions {
  recognizer: Recognizer;
  /** Read as this kind instead of the truth file's. */
  kind?: DocumentKind | 'auto';
  limit?: number;
  /** Give the recogniser at most this many digits per call (for a recogniser that is quicker in small calls). */
  batch?: number;
}

/** The same recogniser, called with at most `size` inputs at a time. */
function inBatches(recognizer: Recognizer, size: number): Recognizer {
  return {
    async classify(inputs, o) {
      const out: Float32Array[] = [];
      for (let i = 0; i < inputs.length; i += size) out.push(...(await recognizer.classify(inputs.slice(i, i + size), o)));
      return out;
    },
  };
}

/** Reads every image of a synthetic corpus (NAME.json truth beside each image) and scores the reads. */
export async function evaluateCorpus(dir: string, o: EvalOptions): Promise<EvalReport> {
  const truthFiles = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().slice(0, o.limit);
  let trueDigits = 0;
  let predDigits = 0;
  let matched = 0;
  let labelledRight = 0;
  let failed = 0;
  const errors: string[] = [];
  const byScan: FieldOutcome[][] = [];
  const kinds = new Set<string>();
  const recognizer = o.batch ? inBatches(o.recognizer, o.batch) : o.recognizer;
  const alone = new RecognizerAlone(recognizer);
  const aloneReads: AloneRead[] = [];
  let aloneTime = 0;
  const started = performance.now();
  for (const tf of truthFiles) {
    const truth = JSON.parse(await readFile(join(dir, tf), 'utf8')) as TruthFile;
    kinds.add(truth.kind);
    let fields: ReadField[] = [];
    try {
      const pages = await readScan({ file: join(dir, truth.image) }, { kind: o.kind ?? truth.kind, recognizer });
      fields = pages[0]?.fields ?? [];
    } catch (err) {
      if (!(err instanceof ScanError)) throw err;
      failed++;
      if (errors.length < 20) errors.push(err.message);
    }
    const tDigits = truth.fields.flatMap((f) => f.digits);
    const pDigits = fields.flatMap((f) => f.digits);
    trueDigits += tDigits.length;
    predDigits += pDigits.length;
    for (const [t, p] of matchBoxes(
      tDigits.map((d) => d.box),
      pDigits.map((d) => d.box),
    )) {
      matched++;
      if (tDigits[t].label === pDigits[p].label) labelledRight++;
    }
    const scanOutcomes: FieldOutcome[] = [];
    for (const tField of truth.fields) {
      // The read field over the true one: the one overlapping it most (any overlap).
      let best: ReadField | undefined;
      let bestIou = 0;
      for (const f of fields) {
        const v = iou(tField.box, f.box);
        if (v > bestIou) {
          bestIou = v;
          best = f;
        }
      }
      scanOutcomes.push(best ? { correct: sameText(best.text, tField.text), confidence: best.confidence } : { correct: false, confidence: -Infinity });
      const t0 = performance.now();
      const a = await alone.read(truth, tField);
      aloneTime += performance.now() - t0;
      if (a) aloneReads.push(a);
    }
    byScan.push(scanOutcomes);
  }
  const outcomes = byScan.flat();
  // Reading the MNIST images is no part of the pipeline's speed.
  const seconds = (performance.now() - started - aloneTime) / 1000;
  const r4 = (v: number) => Math.round(v * 10000) / 10000;
  const interval = (statistic: (x: FieldOutcome[]) => number) => bootstrapInterval(byScan, statistic).map(r4) as [number, number];
  const point = (e: number) => {
    const p = operatingPoint(outcomes, e);
    return { ...p, read_rate: r4(p.read_rate), error_rate: r4(p.error_rate), reject_rate: r4(p.reject_rate) };
  };
  return {
    corpus: dir,
    kind: o.kind ?? [...kinds].join(','),
    images: truthFiles.length,
    failed_images: failed,
    fields: outcomes.length,
    digits: trueDigits,
    segmentation: { recall: r4(matched / Math.max(1, trueDigits)), precision: r4(matched / Math.max(1, predDigits)), iou: 0.5 },
    digit_accuracy: r4(labelledRight / Math.max(1, trueDigits)),
    matched_digit_accuracy: r4(labelledRight / Math.max(1, matched)),
    field_exact_match: r4(exactMatch(outcomes)),
    read_rate_at_1pct_error: point(0.01),
    read_rate_at_0_5pct_error: point(0.005),
    interval_95: {
      field_exact_match: interval(exactMatch),
      read_rate_at_1pct_error: interval((x) => operatingPoint(x, 0.01).read_rate),
      read_rate_at_0_5pct_error: interval((x) => operatingPoint(x, 0.005).read_rate),
    },
    recognizer_alone: aloneReads.length === outcomes.length ? aloneSummary(aloneReads, r4) : undefined,
    images_per_s: Math.round((truthFiles.length / seconds) * 10) / 10,
    errors,
  };
}

function aloneSummary(reads: AloneRead[], r4: (v: number) => number): NonNullable<EvalReport['recognizer_alone']> {
  const outcomes = reads.map((r) => r.outcome);
  return {
    digit_accuracy: r4(reads.reduce((s, r) => s + r.digitsRight, 0) / Math.max(1, reads.reduce((s, r) => s + r.digits, 0))),
    field_exact_match: r4(exactMatch(outcomes)),
    read_rate_at_1pct_error: r4(operatingPoint(outcomes, 0.01).read_rate),
    read_rate_at_0_5pct_error: r4(operatingPoint(outcomes, 0.005).read_rate),
  };
}

/** Share of fields read exactly right. */
function exactMatch(outcomes: FieldOutcome[]): number {
  return outcomes.filter((x) => x.correct).length / Math.max(1, outcomes.length);
}
