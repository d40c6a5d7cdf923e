/**
 * Training digits as the segmenter makes them. Synthetic scans of MNIST training digits are read as far as the
 * best path's candidates (every run of primitives that could be one digit, normalized for the engine), and each
 * candidate is labelled from the truth: the digit whose box it matches, or NOT_A_DIGIT when it matches none (a
 * fragment, two touching digits, a digit with a piece of its neighbour). Trained on these, the recogniser learns
 * the segmenter's normalization of thresholded, rescanned ink, and gives no digit a high probability on a piece
 * that is none: the 1998 paper's recognition-based segmentation needs a recogniser that rejects non-digits.
 */
import { NOT_A_DIGIT, type DigitSet } from '../../engine/data/dataset';
import { DIGIT_PIXELS } from '../../engine/recognizer';
import { decodeForReading, type DocumentKind } from '../segmentation';
import { digitCandidates, MAX_SPAN } from '../segmentation/best-path';
import { unrotateBox } from '../segmentation/deskew';
import { fieldPieces } from '../segmentation/field';
import { iou, type Box } from '../segmentation/image';
import { locateFields, preparePage } from '../segmentation/page';
import { digitBank } from './corpus';
import { DPIS, makeLayout } from './layouts';
import { Rng } from './rng';
import { randomScanStyle, scanPage } from './scan';

/** A candidate is the digit whose box it overlaps by this IoU or more... */
const MATCH_IOU = 0.6;
/** ...and no digit when it overlaps every digit by less than this; in between it is left out as unclear. */
const NONE_IOU = 0.35;

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
      const p = await preparePage(page, dpi);
      for (const f of locateFields(p, kind)) {
        const pieces = fieldPieces(p.lines.cleaned, f);
        if (!pieces) continue;
        for (const c of digitCandidates(pieces.primitives, pieces.height, MAX_SPAN)) {
          const [x, y, w, h] = unrotateBox([c.box[0] + f.region[0], c.box[1] + f.region[1], c.box[2], c.box[3]], p.rotation);
          const box: Box = [x / page.scale, y / page.scale, w / page.scale, h / page.scale];
          let best = -1;
          let bestIou = 0;
          let centres = 0;
          truth.forEach((d, k) => {
            const v = iou(box, d.box);
            if (v > bestIou) [best, bestIou] = [k, v];
            if (contains(box, d.box[0] + d.box[2] / 2, d.box[1] + d.box[3] / 2)) centres++;
          });
          // Two digits' centres in one candidate: a merge, however well it matches one of them (a thin 1 beside a 7).
          if (centres < 2 && bestIou >= MATCH_IOU) {
            labels.push(truth[best].label);
            found.add(best);
            counts.digits++;
          } else if (centres >= 2 || bestIou < NONE_IOU) {
            labels.push(NOT_A_DIGIT);
            counts.notDigits++;
          } else continue;
          pixels.push(c.input);
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

function contains([x, y, w, h]: Box, px: number, py: number): boolean {
  return px >= x && px <= x + w && py >= y && py <= y + h;
}
