import { createRng } from '../../engine/rng';
import { iou, type Box } from '../segmentation/image';

/** Greedy one-to-one matching of predicted to true boxes, best overlap first, keeping pairs with IoU ≥ min. */
export function matchBoxes(truth: Box[], predicted: Box[], min = 0.5): [t: number, p: number][] {
  const pairs: [number, number, number][] = [];
  for (let t = 0; t < truth.length; t++) {
    for (let p = 0; p < predicted.length; p++) {
      const v = iou(truth[t], predicted[p]);
      if (v >= min) pairs.push([v, t, p]);
    }
  }
  pairs.sort((a, b) => b[0] - a[0]);
  const usedT = new Set<number>();
  const usedP = new Set<number>();
  const out: [number, number][] = [];
  for (const [, t, p] of pairs) {
    if (usedT.has(t) || usedP.has(p)) continue;
    usedT.add(t);
    usedP.add(p);
    out.push([t, p]);
  }
  return out;
}

export interface FieldOutcome {
  correct: boolean;
  /** Confidence of the read; -Infinity when nothing was read (always rejected). */
  confidence: number;
}

export interface OperatingPoint {
  /** Target: wrong reads accepted, as a share of all fields. */
  max_error: number;
  /** Share of all fields read correctly and accepted. */
  read_rate: number;
  /** Share of all fields read wrongly and accepted. */
  error_rate: number;
  reject_rate: number;
  /** Accept fields with confidence ≥ this. */
  threshold: number | null;
}

/**
 * The 1998 paper's way of judging field reading: reject the least confident fields until the wrong reads that
 * remain are at most `maxError` of all fields; the read rate is the share read right at that threshold.
 */
export function operatingPoint(outcomes: FieldOutcome[], maxError: number): OperatingPoint {
  const n = outcomes.length;
  const sorted = outcomes.filter((o) => o.confidence > -Infinity).sort((a, b) => b.confidence - a.confidence);
  let best: OperatingPoint = { max_error: maxError, read_rate: 0, error_rate: 0, reject_rate: 1, threshold: null };
  let right = 0;
  let wrong = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (sorted[k].correct) right++;
    else wrong++;
    // Only cut between different confidences: a threshold cannot split tied fields.
    if (k + 1 < sorted.length && sorted[k + 1].confidence === sorted[k].confidence) continue;
    if (wrong / n <= maxError && right / n >= best.read_rate) {
      best = { max_error: maxError, read_rate: right / n, error_rate: wrong / n, reject_rate: 1 - (right + wrong) / n, threshold: sorted[k].confidence };
    }
  }
  return best;
}

/**
 * A 95% percentile-bootstrap interval of a statistic of a corpus's fields. The scans are the units drawn
 * (a digit sheet's fields share a page), `resamples` times with replacement, seeded so a report repeats.
 * A read rate at 1% error on 1,000 fields hangs on its ten most confident wrong reads, so it moves by points
 * from one corpus to the next: the interval says how far.
 */
export function bootstrapInterval(
  scans: readonly FieldOutcome[][],
  statistic: (outcomes: FieldOutcome[]) => number,
  resamples = 1000,
  seed = 1,
): [low: number, high: number] {
  const rng = createRng(seed);
  const values = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const sample: FieldOutcome[] = [];
    for (let i = 0; i < scans.length; i++) sample.push(...scans[rng.int(scans.length)]);
    values[r] = statistic(sample);
  }
  values.sort();
  return [values[Math.floor(0.025 * (resamples - 1))], values[Math.ceil(0.975 * (resamples - 1))]];
}

/** Amounts are compared with either decimal mark. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/,/g, '.') === b.replace(/,/g, '.');
}
