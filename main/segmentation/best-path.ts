import type { DigitInput, Recognizer } from '../../engine/recognizer';
import { unionBox, type Box, type GreyImage } from './image';
import { normalizeDigit } from './normalize';
import type { Primitive } from './pieces';
import { bestReadings, posteriorOfBest, type Arc } from './readings';
import { classifyShiftAveraged } from './shift-averaged';

export interface PathOptions {
  /** Typical digit height, pixels. */
  height: number;
  /** The tone of the primitives' ink, in their coordinates (FieldPieces' `tone`); absent, all ink is full. */
  tone?: GreyImage;
  /** Allowed numbers of digits (e.g. 5 or 9 for a zip code); any when empty. */
  counts: readonly number[];
  /** At most this many consecutive primitives make one digit. */
  maxSpan?: number;
  /** Whether a reading of two or more digits may start with a 0 (a zip code's may, an amount's dollars not). */
  leadingZero?: boolean;
  /** Read the candidates with the model's whole committee (ClassifyOptions), not its first member alone. */
  committee?: boolean;
}

export interface Segment {
  /** Primitives [from, to) that make the digit. */
  from: number;
  to: number;
  box: Box;
  input: DigitInput;
  probabilities: Float32Array;
  label: number;
  confidence: number;
}

/** A digit is at most this many primitives: a piece cut twice (3), or a broken stroke joined to one (4). */
export const MAX_SPAN = 4;

/**
 * Log-prior of joining two separate pieces of ink into one digit (a broken stroke): rare when they stand side
 * by side, as likely as not when one is over the other.
 */
const JOIN_ACROSS_GAP = Math.log(0.1);
const JOIN_OVERLAPPING = Math.log(0.5);

/**
 * Log-prior of ending a digit at a cut through one piece of ink: most pieces are one digit, so a cut must be
 * earned by the recogniser liking both sides. Cuts left unused cost nothing, so offering more cuts does not
 * tilt the choice.
 */
const SPLIT_AT_CUT = Math.log(0.25);

/**
 * Log-score of leaving a small primitive out of every digit (a stray mark, a stub of a ruled line); a tiny one
 * (under 0.4 of a digit's height: a speck, a printed letter) is left out more readily.
 */
const SKIP = Math.log(0.02);
const SKIP_TINY = Math.log(0.1);

/**
 * Confidence factor of a reading with a digit count its field does not allow (a four-digit zip code, one cent
 * digit): whole as its digits may look, a digit is missing or extra, so it goes to review before any reading
 * that fits.
 */
const WRONG_COUNT = 0.01;

/**
 * Weight of the best reading's share among its runners-up in the field's confidence. The runners-up include
 * each digit's second label, whose doubt the product of the digits' probabilities already counts, so the share
 * is taken to this power rather than in full (validation corpora, read rate at 1% field error: cheques
 * 71.5 → 74.2%, zips 74.0 → 74.5%, digit sheets 64.3 → 67.9%).
 */
export const SHARE_WEIGHT = 0.5;

/** Readings kept per lattice state, and labels tried per candidate, for the field's confidence. */
const READINGS = 8;
const LABELS = 2;

export interface PathResult {
  segments: Segment[];
  /**
   * How sure the reading is, in [0, 1]: the product of the digits' probabilities, times (to the power
   * SHARE_WEIGHT) the best reading's share among the best few distinct readings (other cuts, joins, skips,
   * second labels); a hundredth of that for a reading of a digit count the field does not allow.
   */
  confidence: number;
}

/**
 * The 1998 paper's recognition-based segmentation: every run of 1..maxSpan consecutive primitives that could
 * be one digit is normalized and classified in one batch, then dynamic programming picks the cover of the
 * primitives whose digits are most probable together (sum of log-probabilities, with penalties for shapes no
 * digit has), under the allowed digit counts; the runners-up give the confidence.
 */
export async function bestPath(prims: Primitive[], recognizer: Recognizer, o: PathOptions): Promise<PathResult> {
  const n = prims.length;
  if (!n) return { segments: [], confidence: 0 };
  const H = o.height;
  const cands = digitCandidates(prims, H, o.maxSpan ?? MAX_SPAN, o.tone);
  const probs = await classifyShiftAveraged(recognizer, cands.map((c) => c.input), { committee: o.committee });
  const arcs: (Arc & { cand: number })[] = [];
  cands.forEach((c, k) => {
    const order = [...probs[k].keys()].sort((a, b) => probs[k][b] - probs[k][a]);
    const digit = digitness(probs[k][order[0]]);
    for (const label of order.slice(0, LABELS)) arcs.push({ from: c.from, to: c.to, label, score: Math.log(Math.max(probs[k][label], 1e-9)) + c.prior + digit, cand: k });
  });
  const skip = (j: number) => {
    const h = prims[j].box[3];
    return h < 0.4 * H ? SKIP_TINY : h < 0.6 * H ? SKIP : -Infinity;
  };
  let readings = bestReadings(n, arcs, skip, o.counts, READINGS, o.leadingZero);
  let fits = true;
  // The allowed counts cannot be met (too few pieces): read what is there, but as a reading that must be wrong.
  if (!readings.length && o.counts.length) {
    readings = bestReadings(n, arcs, skip, [], READINGS, o.leadingZero);
    fits = false;
  }
  if (!readings.length) return { segments: [], confidence: 0 };
  const segments = readings[0].arcs.map((a) => {
    const { cand } = a;
    const c = cands[cand];
    const p = probs[cand];
    return { from: c.from, to: c.to, box: c.box, input: c.input, probabilities: p, label: a.label, confidence: p[a.label] };
  });
  const product = segments.reduce((c, s) => c * s.confidence, 1);
  return { segments, confidence: product * posteriorOfBest(readings) ** SHARE_WEIGHT * (fits ? 1 : WRONG_COUNT) };
}

/**
 * Log-score of a candidate being a digit at all. The recogniser answers not-a-digit with equal probabilities
 * (it was trained so), which alone scores only log(0.1): a merged pair could beat its two halves. A top
 * probability p means at least (1 − p) / 0.9 of the output is that uniform part, so the candidate is a digit
 * with at most the rest; cubed (weight 3, chosen on validation corpora) and floored so that a field with no
 * better cover still reads.
 */
function digitness(top: number): number {
  return 3 * Math.log(Math.max(1 - Math.min(1, (1 - top) / 0.9), 1e-3));
}

/** Log-prior of primitives [i, j) being one digit, from the boundaries it joins and the one it ends at. */
function boundaryPrior(prims: Primitive[], i: number, j: number): number {
  let s = 0;
  for (let k = i + 1; k < j; k++) {
    if (prims[k - 1].group === prims[k].group) continue;
    const [a, b] = [prims[k - 1].box, prims[k].box];
    const shared = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
    s += shared >= 0.5 * Math.min(a[2], b[2]) ? JOIN_OVERLAPPING : JOIN_ACROSS_GAP;
  }
  if (j < prims.length && prims[j - 1].group === prims[j].group) s += SPLIT_AT_CUT;
  return s;
}

export interface Candidate {
  from: number;
  to: number;
  box: Box;
  input: DigitInput;
  /** Log-prior from shape and boundaries, added to the recogniser's log-probability. */
  prior: number;
}

/**
 * Every run of 1..maxSpan consecutive primitives narrow enough to be one digit, normalized for the engine, its
 * ink in `tone` (full without it).
 */
export function digitCandidates(prims: Primitive[], H: number, maxSpan: number, tone?: GreyImage): Candidate[] {
  const cands: Candidate[] = [];
  for (let i = 0; i < prims.length; i++) {
    let box = prims[i].box;
    for (let j = i + 1; j <= Math.min(prims.length, i + maxSpan); j++) {
      if (j > i + 1) box = unionBox(box, prims[j - 1].box);
      // Too wide for one digit, unless it is one whole piece of ink (that is always a candidate).
      if (j > i + 1 && box[2] > 1.4 * H && prims[i].group !== prims[j - 1].group) break;
      cands.push({ from: i, to: j, box, input: normalizeDigit(render(prims.slice(i, j), box, tone)), prior: shapePrior(box, H) + boundaryPrior(prims, i, j) });
    }
  }
  return cands;
}

/**
 * Penalty for digit candidates of implausible shape: the digits of a string are about equally tall, so a
 * piece much shorter than the string is part of a digit; one wider than a digit is likely two.
 */
function shapePrior([, , w, h]: Box, H: number): number {
  let s = 0;
  // A piece under half the string's height (a 5's hat, a 2's tail, a stub) is almost never a whole digit, yet
  // normalized to full size it can look like one (a bar is a 1), even to a recogniser trained on such pieces.
  if (h < 0.5 * H) s -= 8;
  else if (h < 0.65 * H) s -= 3;
  else if (h < 0.78 * H) s -= 1;
  // MNIST: 95% of digits are at most 1.1 times as wide as tall; wider is more and more likely two digits.
  if (w > 1.1 * H) s -= (w / H - 1.1) / 0.08;
  return s;
}

/** The candidate's ink as a crop of `box`: its tone, or 255 without one; 0 off the ink. */
function render(prims: Primitive[], box: Box, tone?: GreyImage): GreyImage {
  const [bx, by, bw, bh] = box;
  const data = new Uint8Array(bw * bh);
  for (const { box: [px, py], ink } of prims) {
    for (let y = 0; y < ink.height; y++) {
      const row = (py - by + y) * bw + px - bx;
      const toneRow = (py + y) * (tone?.width ?? 0) + px;
      for (let x = 0; x < ink.width; x++) if (ink.data[y * ink.width + x]) data[row + x] = tone ? tone.data[toneRow + x] : 255;
    }
  }
  return { width: bw, height: bh, data };
}
