import type { DigitInput, Recognizer } from '../../engine/recognizer';
import type { Labelled } from './components';
import { unionBox, type Box } from './image';
import { normalizeDigit } from './normalize';
import type { Primitive } from './pieces';

export interface PathOptions {
  /** Typical digit height, pixels. */
  height: number;
  /** Allowed numbers of digits (e.g. 5 or 9 for a zip code); any when empty. */
  counts: readonly number[];
  /** At most this many consecutive primitives make one digit. */
  maxSpan?: number;
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

/** Log-score of leaving a small primitive out of every digit (a stray mark, a stub of a ruled line). */
const SKIP = Math.log(0.02);

/**
 * The 1998 paper's recognition-based segmentation: every run of 1..maxSpan consecutive primitives that could
 * be one digit is normalized and classified in one batch, then dynamic programming picks the cover of the
 * primitives whose digits are most probable together (sum of log max-probabilities, with small penalties for
 * shapes no digit has), under the allowed digit counts.
 */
export async function bestPath(lab: Labelled, prims: Primitive[], recognizer: Recognizer, o: PathOptions): Promise<Segment[]> {
  const n = prims.length;
  if (!n) return [];
  const H = o.height;
  const cands = digitCandidates(lab, prims, H, o.maxSpan ?? MAX_SPAN);
  const probs = await recognizer.classify(cands.map((c) => c.input));
  const scored = cands.map((c, k) => {
    const p = probs[k];
    let label = 0;
    for (let d = 1; d < 10; d++) if (p[d] > p[label]) label = d;
    return { ...c, probabilities: p, label, confidence: p[label], score: Math.log(Math.max(p[label], 1e-9)) + c.prior };
  });
  const byEnd: (typeof scored)[] = Array.from({ length: n + 1 }, () => []);
  for (const c of scored) byEnd[c.to].push(c);
  // best[j][k]: best score covering primitives [0, j) with k digits; back-pointers to rebuild the path.
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(-Infinity));
  const back: ((typeof scored)[number] | 'skip' | undefined)[][] = Array.from({ length: n + 1 }, () => new Array(n + 1));
  best[0][0] = 0;
  for (let j = 1; j <= n; j++) {
    for (let k = 0; k <= j; k++) {
      const small = prims[j - 1].box[3] < 0.6 * H;
      if (small && best[j - 1][k] + SKIP > best[j][k]) {
        best[j][k] = best[j - 1][k] + SKIP;
        back[j][k] = 'skip';
      }
      if (k === 0) continue;
      for (const c of byEnd[j]) {
        const s = best[c.from][k - 1] + c.score;
        if (s > best[j][k]) {
          best[j][k] = s;
          back[j][k] = c;
        }
      }
    }
  }
  let bestK = -1;
  for (let k = 1; k <= n; k++) {
    if (o.counts.length && !o.counts.includes(k)) continue;
    if (bestK < 0 || best[n][k] > best[n][bestK]) bestK = k;
  }
  if (bestK < 0 || best[n][bestK] === -Infinity) {
    // The allowed counts cannot be met (too few pieces): read what is there.
    return o.counts.length ? bestPath(lab, prims, recognizer, { ...o, counts: [] }) : [];
  }
  const path: Segment[] = [];
  for (let j = n, k = bestK; j > 0; ) {
    const step = back[j][k];
    if (step === 'skip' || !step) {
      j--;
      continue;
    }
    path.push({ from: step.from, to: step.to, box: step.box, input: step.input, probabilities: step.probabilities, label: step.label, confidence: step.confidence });
    j = step.from;
    k--;
  }
  return path.reverse();
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

/** Every run of 1..maxSpan consecutive primitives narrow enough to be one digit, normalized for the engine. */
export function digitCandidates(lab: Labelled, prims: Primitive[], H: number, maxSpan: number): Candidate[] {
  const cands: Candidate[] = [];
  for (let i = 0; i < prims.length; i++) {
    let box = prims[i].box;
    for (let j = i + 1; j <= Math.min(prims.length, i + maxSpan); j++) {
      if (j > i + 1) box = unionBox(box, prims[j - 1].box);
      // Too wide for one digit, unless it is one whole piece of ink (that is always a candidate).
      if (j > i + 1 && box[2] > 1.4 * H && prims[i].group !== prims[j - 1].group) break;
      cands.push({ from: i, to: j, box, input: normalizeDigit(render(lab, prims.slice(i, j), box)), prior: shapePrior(box, H) + boundaryPrior(prims, i, j) });
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
  if (h < 0.6 * H) s -= 3;
  else if (h < 0.75 * H) s -= 1.5;
  // MNIST: 95% of digits are at most 1.1 times as wide as tall; wider is more and more likely two digits.
  if (w > 1.1 * H) s -= (w / H - 1.1) / 0.08;
  return s;
}

/** The candidate's ink as a 0/255 crop of `box`. */
function render(lab: Labelled, prims: Primitive[], box: Box): { width: number; height: number; data: Uint8Array } {
  const [bx, by, bw, bh] = box;
  const data = new Uint8Array(bw * bh);
  for (const p of prims) {
    const ids = new Set(p.ids);
    const x0 = Math.max(p.x0, bx);
    const x1 = Math.min(p.x1, bx + bw);
    for (let y = by; y < by + bh; y++) {
      for (let x = x0; x < x1; x++) if (ids.has(lab.labels[y * lab.width + x])) data[(y - by) * bw + x - bx] = 255;
    }
  }
  return { width: bw, height: bh, data };
}
