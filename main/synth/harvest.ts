/**
 * Training digits as the segmenter makes them: synthetic scans of MNIST training digits are read as far as the
 * best path's candidates, each labelled from the truth as a digit or as NOT_A_DIGIT (labelled-candidates.ts).
 * Trained on these, the recogniser learns the segmenter's normalization of thresholded, rescanned ink, and
 * gives no digit a high probability on a piece that is none: the 1998 paper's recognition-based segmentation
 * needs a recogniser that rejects non-digits.
 */
import { NOT_A_DIGIT, type DigitSet } from '../../engine/data/dataset';
import { DIGIT_PIXELS } from '../../engine/recognizer';
import { decodeForReading, type DocumentKind } from '../segmentation';
import { labelledCandidates } from '../segmentation/labelled-candidates';
import { digitBank } from './corpus';
import { DPIS, makeLayout } from './layouts';
import { Rng } from './rng';
import { randomScanStyle, scanPage } from './scan';

export interface HarvestOptions {
  count: number;
  seed: number;
  /** Kinds of scan, taken in turn. */
  kinds?: readonly DocumentKind[];
  onImage?: (done: number, set: HarvestCounts) => void;
}

export interface HarvestCounts {
  digits: number;
  notDigits: number;
  /** Truth digits that no candidate matched (the segmenter never offered them). */
  unmatched: number;
}

/** Reads `count` synthetic scans of MNIST training digits; image i depends only on (seed, i). */
export async function harvestCandidates(o: HarvestOptions): Promise<DigitSet & HarvestCounts> {
  const kinds = o.kinds ?? (['zip', 'cheque', 'digits'] as const);
  const bank = await digitBank('train', 'mnist');
  const base = new Rng(o.seed);
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  const counts: HarvestCounts = { digits: 0, notDigits: 0, unmatched: 0 };
  for (let i = 0; i < o.count; i++) {
    const rng = base.fork(i);
    const kind = kinds[i % kinds.length];
    const { page: drawn, fields } = makeLayout(kind, bank, rng, rng.pick(DPIS));
    const scan = await scanPage(drawn, randomScanStyle(rng), rng);
    const truth = fields.flatMap((f) => f.digits.map((d) => ({ box: scan.mapBox(d.box), label: d.label })));
    const found = new Set<number>();
    for (const { page, dpi } of await decodeForReading(`harvest ${i}`, scan.data, kind)) {
      for (const c of await labelledCandidates(page, dpi, kind, truth)) {
        pixels.push(c.input);
        labels.push(c.label);
        if (c.label === NOT_A_DIGIT) counts.notDigits++;
        else {
          counts.digits++;
          found.add(c.digit);
        }
      }
    }
    counts.unmatched += truth.length - found.size;
    o.onImage?.(i + 1, counts);
  }
  const all = new Uint8Array(pixels.length * DIGIT_PIXELS);
  pixels.forEach((px, k) => all.set(px, k * DIGIT_PIXELS));
  return { count: pixels.length, pixels: all, labels: Uint8Array.from(labels), ...counts };
}
