import type { Recognizer } from '../../engine/recognizer';
import { bestPath, SHARE_WEIGHT, type PathOptions, type Segment } from './best-path';
import { labelComponents, type Component, type Labelled } from './components';
import { printedLetters } from './printed-text';
import { centreX, centreY, cropImage, type BinaryImage, type Box, type GreyImage } from './image';
import { makePrimitives, splits, type AttachedMark, type Mark, type Primitive } from './pieces';
import type { DocumentKind } from './types';

export interface FieldRead {
  /** Digits with boxes in page (working) pixels. */
  segments: Segment[];
  text: string;
  /**
   * How sure the reading is, in [0, 1] (see PathResult), lowered for an amount of three or more digits read
   * without a decimal mark (WHOLE_DOLLARS, MISSED_MARK) and where a mark joined to a digit could as well not be
   * one (`surest`).
   */
  confidence: number;
}

/**
 * An amount of three or more digits read without a decimal mark is a whole-dollar amount or one whose mark was
 * missed (pressed into a digit's curve, tucked under a 4's arm). Of three or four digits it is mostly the first,
 * of five or more almost always the second (validation cheques, 1,600: 70 whole amounts read right against 3
 * missed marks, and 0 against 7). Its confidence is multiplied by the share it is right, or a little less: a
 * missed mark's digits read as surely as a whole amount's. It was halved whatever the count (read rate at 1%
 * field error, validation cheques 600 / 1,000: 72.8 / 70.6 → 76.3 / 73.9%).
 */
const WHOLE_DOLLARS = 0.9;
const MISSED_MARK = 0.1;

/**
 * What each kind of field allows: its digit counts (any when empty), its marks, whether its digits may start
 * with 0 (a zip code may; an amount's dollars are not written "03.03"), and how many cuts a piece of ink is
 * offered at least. A third cut lets the best path part a touching pair where the two cheapest cuts
 * both fall inside one digit. It pays where the field's shape weeds out the extra readings, zips by their
 * counts and amounts by their cents (validation corpora: zips exact 92.7 → 93.3%, cheques 89.8 → 90.2%, read
 * rate at 1% 67.8 → 73.7%); on digit sheets, which allow any reading, the extra readings only thin the best
 * one's share (read rate at 1% 65.7 → 63.6%).
 */
const RULES: Record<DocumentKind, { counts: number[]; marks: Mark['char'][]; leadingZero: boolean; leastCuts: number; committee: boolean }> = {
  zip: { counts: [5, 9], marks: ['-'], leadingZero: true, leastCuts: 3, committee: true },
  cheque: { counts: [], marks: ['.', ','], leadingZero: false, leastCuts: 3, committee: false },
  digits: { counts: [], marks: [], leadingZero: true, leastCuts: 2, committee: true },
};

/** Whether a kind's fields are read by the model's whole committee (RULES). */
export const readsWithCommittee = (kind: DocumentKind): boolean => RULES[kind].committee;

/**
 * Pieces wider than this many digit heights are offered cuts. A 1 touching its neighbour makes a piece as
 * narrow as half a height; a single digit cut in two is left whole by the best path, because the recogniser
 * calls its halves not-a-digit (validation corpora: recall 99.08 → 99.16% on digit sheets, 99.07 → 99.18% on
 * cheques, against 0.75).
 */
const CUT_WIDTH = 0.5;

/** A field found on a prepared page, in its working pixels. */
export interface FieldLocation {
  kind: DocumentKind;
  /** Where to look for its ink. */
  region: Box;
  /** Components whose centre is outside this belong to something else (printed text, other fields). */
  keep: Box;
  height?: number;
  /** Printed cells of a comb field, [x0, x1) in page pixels. */
  cells?: [number, number][];
}

export interface FieldPieces {
  primitives: Primitive[];
  marks: Mark[];
  attached: AttachedMark[];
  height: number;
  /** The tone of the region's ink for the recogniser's inputs (see `inkTone`); absent, all ink is full. */
  tone?: GreyImage;
}

/**
 * The ink's tone for the recogniser's inputs: its darkness relative to the field's median ink pixel, full at
 * and above it, 0 off the mask. MNIST's digits are grey at their edges; a binary mask makes every pixel of
 * ink full, so the inputs came out bolder than MNIST's, a faint edge counting as much as a stroke's core.
 * Validation corpora, against full ink: zips exact 92.2 → 92.7%, read rate at 1% 55.2 → 66.2%; cheques
 * 89.5 → 89.8%, 67.0 → 67.8%. Full from a darker share of the ink (70th, 90th percentile) favoured zips,
 * a lighter one (30th) cheques.
 */
function inkTone(mask: BinaryImage, ink: GreyImage): GreyImage {
  const full = Math.max(1, medianInk(mask, ink));
  const data = ink.data.map((v, i) => (mask.data[i] ? Math.min(255, Math.round((255 * v) / full)) : 0));
  return { width: ink.width, height: ink.height, data };
}

/** The median darkness of the pixels on the mask (255 when there are none). */
function medianInk(mask: BinaryImage, ink: GreyImage): number {
  const counts = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    counts[ink.data[i]]++;
    n++;
  }
  let below = 0;
  for (let v = 0; v < 256; v++) {
    below += counts[v];
    if (below > n / 2) return v;
  }
  return 255;
}

/**
 * Cuts one located field into primitives and marks: the components of `mask` inside `region` whose centres
 * lie in `keep`. Coordinates in the result are relative to `region`. `ink`, the page's ink darkness that the
 * mask was made from, gives the inputs their tone; without it (a binary image) all ink is full.
 */
export function fieldPieces(mask: BinaryImage, f: FieldLocation, ink?: GreyImage): FieldPieces | undefined {
  const { region, keep } = f;
  const regionMask = cropImage(mask, region);
  const all = labelComponents(regionMask);
  const keepBox: Box = [keep[0] - region[0], keep[1] - region[1], keep[2], keep[3]];
  const centred = all.components.filter((c) => centredIn(c.box, keepBox));
  if (!centred.length) return undefined;
  const height = f.height ?? typicalHeight(centred);
  // Printed letters are looked for among all the region's pieces: a label's first letters may lie outside `keep`.
  const letters = printedLetters(all.components, height);
  const lab = only(all, centred.filter((c) => !letters.has(c)));
  if (!lab.components.length) return undefined;
  const rules = RULES[f.kind];
  const { primitives, marks, attached } = makePrimitives(lab, {
    height,
    marks: rules.marks,
    cutWidth: CUT_WIDTH,
    leastCuts: rules.leastCuts,
    cells: f.cells?.map(([a, z]) => [a - region[0], z - region[0]]),
  });
  return { primitives, marks, attached, height, tone: ink && inkTone(regionMask, cropImage(ink, region)) };
}

export interface ReadOptions {
  /** The page's ink darkness (see `fieldPieces`). */
  ink?: GreyImage;
  /** The number of digits the field is known to have: it replaces the counts its kind allows. */
  knownDigits?: number;
}

/** Reads one located field: its pieces, then the best path of digits through them (boxes in page pixels). */
export async function readField(mask: BinaryImage, f: FieldLocation, recognizer: Recognizer, o: ReadOptions = {}): Promise<FieldRead | undefined> {
  const pieces = fieldPieces(mask, f, o.ink);
  if (!pieces) return undefined;
  const { primitives, marks, height, tone } = pieces;
  const { knownDigits } = o;
  const [dx, dy] = f.region;
  const toPage = (read: FieldRead | undefined): FieldRead | undefined =>
    read && { ...read, segments: read.segments.map((s) => ({ ...s, box: [s.box[0] + dx, s.box[1] + dy, s.box[2], s.box[3]] as Box })) };
  if (f.kind === 'cheque') {
    const mark = marks.findLast((m) => splits(primitives, m));
    if (mark) return toPage(await readAmount(primitives, mark, recognizer, { height, tone }, knownDigits));
  }
  // A written or printed hyphen settles a zip code's length.
  const counts =
    knownDigits !== undefined ? [knownDigits] : f.kind === 'zip' && marks.some((m) => m.char === '-') ? [9] : RULES[f.kind].counts;
  const { leadingZero, committee } = RULES[f.kind];
  const read = await bestPath(primitives, recognizer, { height, tone, counts, leadingZero, committee });
  if (!read.segments.length) return undefined;
  const digits = labels(read.segments);
  let text = digits;
  if (f.kind === 'zip' && digits.length === 9) text = `${digits.slice(0, 5)}-${digits.slice(5)}`;
  const amounts: FieldRead[] = [];
  for (const a of pieces.attached) {
    if (!splits(a.primitives, a.mark)) continue;
    const amount = await readAmount(a.primitives, a.mark, recognizer, { height, tone }, knownDigits);
    if (amount) amounts.push(amount);
  }
  const doubt = f.kind !== 'cheque' || digits.length < 3 ? 1 : digits.length <= 4 ? WHOLE_DOLLARS : MISSED_MARK;
  return toPage(surest([{ segments: read.segments, text, confidence: read.confidence * doubt }, ...amounts]));
}

/**
 * A mark joined to a digit: the amount is read with it and without it, and the surer reading wins, sure of it
 * only by its share among them (to the power SHARE_WEIGHT, as among a path's runners-up). The foot of a 2 peels
 * off like a point, and "275" read "2.75" was as sure as its digits (validation cheques, 1,600: read rate at 1%
 * field error 67.5 → 70.7%, at 0.5% 54.4 → 63.5%).
 */
function surest(reads: FieldRead[]): FieldRead {
  const best = reads.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  const total = reads.reduce((s, r) => s + r.confidence, 0);
  return total > 0 ? { ...best, confidence: best.confidence * (best.confidence / total) ** SHARE_WEIGHT } : best;
}

/** Reads an amount with a decimal mark: dollars and cents apart, as it has two digits of cents after the mark. */
async function readAmount(
  primitives: Primitive[],
  mark: Mark,
  recognizer: Recognizer,
  where: Pick<PathOptions, 'height' | 'tone'>,
  knownDigits?: number,
): Promise<FieldRead | undefined> {
  const field = { ...where, committee: RULES.cheque.committee };
  const cx = centreX(mark.box);
  const dollarCounts = knownDigits !== undefined && knownDigits > CENTS ? [knownDigits - CENTS] : [];
  const dollars = await bestPath(primitives.filter((p) => centreX(p.box) < cx), recognizer, { ...field, counts: dollarCounts, leadingZero: RULES.cheque.leadingZero });
  const cents = await bestPath(primitives.filter((p) => centreX(p.box) >= cx), recognizer, { ...field, counts: [CENTS] });
  if (!dollars.segments.length || !cents.segments.length) return undefined;
  return {
    segments: [...dollars.segments, ...cents.segments],
    text: `${labels(dollars.segments)}${mark.char}${labels(cents.segments)}`,
    confidence: dollars.confidence * cents.confidence,
  };
}

/** Digits after an amount's decimal mark. */
const CENTS = 2;

function labels(segments: Segment[]): string {
  return segments.map((s) => String(s.label)).join('');
}

/** Median height of the components at least 40% as tall as the tallest: the digits, not the marks. */
function typicalHeight(components: Component[]): number {
  const tallest = Math.max(...components.map((c) => c.box[3]));
  const hs = components
    .map((c) => c.box[3])
    .filter((h) => h >= 0.4 * tallest)
    .sort((a, b) => a - b);
  return hs[hs.length >> 1];
}

/** Whether a box's centre lies in `keep` (crop coordinates); a component centred outside belongs to something else. */
function centredIn(b: Box, keep: Box): boolean {
  const cx = centreX(b);
  const cy = centreY(b);
  return cx >= keep[0] && cx <= keep[0] + keep[2] && cy >= keep[1] && cy <= keep[1] + keep[3];
}

/** The labelling with only `kept` of its components, the others' pixels cleared. */
function only(lab: Labelled, kept: Component[]): Labelled {
  if (kept.length === lab.components.length) return lab;
  const ok = new Uint8Array(lab.components.length + 1);
  for (const c of kept) ok[c.id] = 1;
  const labels = lab.labels.map((id) => (ok[id] ? id : 0));
  return { ...lab, labels, components: kept };
}
