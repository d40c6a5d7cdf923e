import type { Recognizer } from '../../engine/recognizer';
import { flattenLighting, inkMasks } from './binarize';
import { labelComponents } from './components';
import type { DecodedPage } from './decode';
import { estimateSkew, rotateImage, unrotateBox, type Rotation } from './deskew';
import { readField, type FieldLocation } from './field';
import { centreX, clipBox, cropImage, unionBox, type Box, type GreyImage } from './image';
import { removeLines, type RuledLines } from './lines';
import { findAmountBox } from './locate-cheque';
import { findDigitStrings, type DigitString } from './locate-strings';
import type { DocumentKind, ReadDigit, ReadField, ReadPage } from './types';

/** Resolution the page is processed at: enough for digits written 4 mm tall, small enough to be quick. */
export const WORK_DPI = 150;

/** Ink darkness above which a pixel may belong to a ruled line (light blue ruling, faint box lines). */
const FAINT = 60;

/** Ink darkness counted when measuring skew: clear ink, as a mask would have it, without making one. */
const SKEW_INK = 100;

/** Smallest deskew worth a resampling of the page, degrees. */
const MIN_SKEW = 0.15;

export interface Prepared {
  ink: GreyImage;
  lines: RuledLines;
  dpi: number;
  rotation: Rotation;
}

/** Lighting, deskew (rotating the ink image), thresholds, ruled lines found and removed. */
export async function preparePage(page: DecodedPage, dpi: number): Promise<Prepared> {
  let ink = flattenLighting(page.grey, Math.max(8, Math.round(0.15 * dpi)));
  const skew = estimateSkew(ink, SKEW_INK);
  const size = { width: ink.width, height: ink.height };
  let rotation: Rotation = { degrees: 0, from: size, to: size };
  if (Math.abs(skew) >= MIN_SKEW) ({ image: ink, rotation } = rotateImage(ink, -skew, 0));
  const { mask, faint } = inkMasks(ink, FAINT);
  const lines = removeLines(
    mask,
    {
      minHorizontal: Math.round(0.5 * dpi),
      minVertical: Math.round(0.34 * dpi),
      maxThickness: Math.max(2, Math.round(0.035 * dpi)),
      gap: Math.max(2, Math.round(0.01 * dpi)),
    },
    faint,
  );
  return { ink, lines, dpi, rotation };
}

function locateCheque(p: Prepared): FieldLocation | undefined {
  const { width, height } = p.lines.cleaned;
  const inner = findAmountBox(p.lines.horizontal, p.lines.vertical, { width, height }, p.dpi);
  if (!inner) return undefined;
  const m = 0.12 * p.dpi;
  const slack = 0.03 * p.dpi;
  return {
    kind: 'cheque',
    region: clipBox([inner[0] - m, inner[1] - m, inner[2] + 2 * m, inner[3] + 2 * m], width, height),
    keep: [inner[0] - slack, inner[1] - slack, inner[2] + 2 * slack, inner[3] + 2 * slack],
  };
}

function stringField(s: DigitString, kind: DocumentKind, p: Prepared): FieldLocation {
  const H = s.height;
  const [x, y, w, h] = s.box;
  const mask = p.lines.cleaned;
  const cells = combCells(p.lines.vertical, s);
  // A comb's printed cells are the field: a digit in an end cell, too small or far off to join the string
  // (a small 3 in the corner of the last box), is still one of its digits.
  const keepX0 = Math.min(x - 0.6 * H, cells?.[0][0] ?? Infinity);
  const keepX1 = Math.max(x + w + 0.6 * H, cells?.at(-1)?.[1] ?? -Infinity);
  return {
    kind,
    region: clipBox([keepX0 - 0.2 * H, y - 0.5 * H, keepX1 - keepX0 + 0.4 * H, h + H], mask.width, mask.height),
    keep: [keepX0, y - 0.3 * H, keepX1 - keepX0, h + 0.6 * H],
    height: H,
    cells,
  };
}

/**
 * The cells of a printed comb around a string: vertical lines crossing most of the string's height, near it or
 * keeping the comb's spacing beyond it; at least three cells between neighbouring lines, each 0.7 to 2.2 digit
 * heights wide.
 */
function combCells(vertical: Box[], s: DigitString): [number, number][] | undefined {
  const H = s.height;
  const [x, y, w, h] = s.box;
  const across = vertical
    .filter((v) => Math.min(v[1] + v[3], y + h) - Math.max(v[1], y) >= 0.5 * h)
    .map(centreX)
    .sort((a, b) => a - b)
    .filter((v, i, all) => i === 0 || v - all[i - 1] > 0.2 * H);
  const near = across.filter((v) => v >= x - H && v <= x + w + H);
  if (near.length < 2) return undefined;
  // The comb goes on past the string while its lines keep their spacing: an end cell holding a digit too
  // small or too far off to join the string is one of the field's cells.
  const xs = [...near];
  const evenly = (gap: number, cell: number) => gap >= 0.8 * cell && gap <= 1.25 * cell;
  for (const v of across) if (v > xs[xs.length - 1] && evenly(v - xs[xs.length - 1], xs[xs.length - 1] - xs[xs.length - 2])) xs.push(v);
  for (const v of [...across].reverse()) if (v < xs[0] && evenly(xs[0] - v, xs[1] - xs[0])) xs.unshift(v);
  const cells: [number, number][] = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    const cw = xs[i + 1] - xs[i];
    if (cw >= 0.7 * H && cw <= 2.2 * H) cells.push([xs[i], xs[i + 1]]);
  }
  return cells.length >= 3 ? cells : undefined;
}

/** Where the fields are on a prepared page, by kind ('auto' decides: cheque box, one zip-like string, or sheet). */
export function locateFields(p: Prepared, kind: DocumentKind | 'auto'): FieldLocation[] {
  const mask = p.lines.cleaned;
  if (kind === 'cheque') return [locateCheque(p)].filter((f): f is FieldLocation => !!f);
  if (kind === 'auto' && mask.width / mask.height > 1.8 && mask.width / mask.height < 3.2) {
    const cheque = locateCheque(p);
    if (cheque) return [cheque];
  }
  const strings = findDigitStrings(labelComponents(mask).components, p.dpi);
  if (kind === 'digits') return strings.map((s) => stringField(s, 'digits', p));
  const zip = bestZipString(strings);
  if (kind === 'zip') return zip ? [stringField(zip, 'zip', p)] : [];
  // auto: one string of zip length is a zip code; anything else is a sheet of digit strings.
  if (strings.length === 1 && zip && zip.pieces >= 4 && zip.pieces <= 10) return [stringField(zip, 'zip', p)];
  return strings.map((s) => stringField(s, 'digits', p));
}

/**
 * The string most like a zip code: nearest to 5 or 9 pieces, then the largest. Two strings on one line may be
 * one zip code whose middle was lost (a digit broken into pieces too small to count, next to the hyphen's gap).
 */
function bestZipString(strings: DigitString[]): DigitString | undefined {
  const misfit = (s: DigitString) => Math.min(Math.abs(s.pieces - 5), Math.abs(s.pieces - 9));
  const joined = strings.flatMap((a) => strings.filter((b) => sameLine(a, b)).map((b) => joinStrings(a, b)));
  return [...strings, ...joined].sort((a, b) => misfit(a) - misfit(b) || b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
}

/** `b` follows `a` on its line, at most four digits' height after it. */
function sameLine(a: DigitString, b: DigitString): boolean {
  const gap = b.box[0] - (a.box[0] + a.box[2]);
  const shared = Math.min(a.box[1] + a.box[3], b.box[1] + b.box[3]) - Math.max(a.box[1], b.box[1]);
  return gap >= 0 && gap <= 4 * Math.max(a.height, b.height) && shared >= 0.5 * Math.min(a.box[3], b.box[3]);
}

function joinStrings(a: DigitString, b: DigitString): DigitString {
  const pieces = a.pieces + b.pieces;
  return { box: unionBox(a.box, b.box), height: (a.height * a.pieces + b.height * b.pieces) / pieces, pieces };
}

/** Height of handwritten digits, inches: 5 to 8 mm on forms and envelopes. */
const DIGIT_HEIGHT_IN = 0.25;

/**
 * The resolution a page's handwriting implies, in working pixels per inch, for files that do not say their
 * dpi: the median height of the strings of digits found, taken as 0.25 in. Undefined when none is found.
 */
export async function dpiFromHandwriting(page: DecodedPage, dpi: number): Promise<number | undefined> {
  const p = await preparePage(page, dpi);
  const heights = findDigitStrings(labelComponents(p.lines.cleaned).components, dpi)
    .flatMap((s) => new Array<number>(s.pieces).fill(s.height))
    .sort((a, b) => a - b);
  return heights.length ? heights[heights.length >> 1] / DIGIT_HEIGHT_IN : undefined;
}

/** Reads the fields of one decoded page (`knownDigits`: ReadOptions.digits); boxes come back in the page's own pixels. */
export async function readPage(
  page: DecodedPage,
  index: number,
  kind: DocumentKind | 'auto',
  recognizer: Recognizer,
  dpi: number,
  knownDigits?: number,
): Promise<ReadPage> {
  const out: ReadPage = { page: index, width: page.width, height: page.height, fields: [] };
  if (page.grey.width < 16 || page.grey.height < 16) return out;
  const p = await preparePage(page, dpi);
  const toPage = (b: Box) => pageBox(b, p, page);
  for (const f of locateFields(p, kind)) {
    const read = await readField(p.lines.cleaned, f, recognizer, { ink: p.ink, knownDigits });
    if (!read) continue;
    const digits: ReadDigit[] = read.segments.map((s) => ({
      box: toPage(s.box),
      input: s.input,
      crop: cropImage(p.ink, s.box),
      probabilities: s.probabilities,
      label: s.label,
      confidence: s.confidence,
    }));
    const field: ReadField = {
      kind: f.kind,
      box: toPage(read.segments.map((s) => s.box).reduce(unionBox)),
      text: read.text,
      digits,
      confidence: read.confidence,
    };
    out.fields.push(field);
  }
  return out;
}

/** A box on the prepared (deskewed, working-resolution) page in the decoded page's own pixels. */
export function pageBox(b: Box, p: Prepared, page: DecodedPage): Box {
  const [x, y, w, h] = unrotateBox(b, p.rotation);
  const s = page.scale;
  return [round1(x / s), round1(y / s), round1(w / s), round1(h / s)];
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
