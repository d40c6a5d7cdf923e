/**
 * The best path's candidates on a page, labelled from known digit boxes: the digit a candidate matches, or
 * NOT_A_DIGIT for a piece that is none (a fragment, two touching digits, a digit with a piece of its
 * neighbour). What the recogniser learns to read, and to reject, from the segmenter's own output
 * (`npm run harvest`).
 */
import { NOT_A_DIGIT } from '../../engine/data/dataset';
import type { DigitInput } from '../../engine/recognizer';
import { digitCandidates, MAX_SPAN } from './best-path';
import type { DecodedPage } from './decode';
import { fieldPieces } from './field';
import { centreX, centreY, iou, type Box } from './image';
import { locateFields, pageBox, preparePage } from './page';
import type { DocumentKind } from './types';

/** A candidate is the digit whose box it overlaps by this IoU or more... */
const MATCH_IOU = 0.6;
/** ...and no digit when it overlaps every digit by less than this; in between it is left out as unclear. */
const NONE_IOU = 0.35;

export interface KnownDigit {
  /** In the page's own pixels, as ReadDigit boxes are. */
  box: Box;
  label: number;
}

export interface LabelledCandidate {
  input: DigitInput;
  /** 0-9, or NOT_A_DIGIT. */
  label: number;
  /** The index of the known digit it matches; -1 for NOT_A_DIGIT. */
  digit: number;
}

/** Every candidate on the page's fields of `kind` that is clearly one of `known` or clearly none of them. */
export async function labelledCandidates(page: DecodedPage, dpi: number, kind: DocumentKind | 'auto', known: readonly KnownDigit[]): Promise<LabelledCandidate[]> {
  const out: LabelledCandidate[] = [];
  const p = await preparePage(page, dpi);
  for (const f of locateFields(p, kind)) {
    const pieces = fieldPieces(p.lines.cleaned, f, p.ink);
    if (!pieces) continue;
    for (const c of digitCandidates(pieces.primitives, pieces.height, MAX_SPAN, pieces.tone)) {
      const box = pageBox([c.box[0] + f.region[0], c.box[1] + f.region[1], c.box[2], c.box[3]], p, page);
      let best = -1;
      let bestIou = 0;
      let centres = 0;
      known.forEach((d, k) => {
        const v = iou(box, d.box);
        if (v > bestIou) [best, bestIou] = [k, v];
        if (contains(box, centreX(d.box), centreY(d.box))) centres++;
      });
      // Two digits' centres in one candidate: a merge, however well it matches one of them (a thin 1 beside a 7).
      if (centres < 2 && bestIou >= MATCH_IOU) out.push({ input: c.input, label: known[best].label, digit: best });
      else if (centres >= 2 || bestIou < NONE_IOU) out.push({ input: c.input, label: NOT_A_DIGIT, digit: -1 });
    }
  }
  return out;
}

function contains([x, y, w, h]: Box, px: number, py: number): boolean {
  return px >= x && px <= x + w && py >= y && py <= y + h;
}
