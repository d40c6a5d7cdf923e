import { cropImage, type BinaryImage, type Box } from './image';
import type { Mark } from './pieces';

/** The band the field's digits fill, in field pixels. */
export interface DigitBand {
  top: number;
  bottom: number;
  h: number;
}

/** What is left of a piece of ink once a mark joined to it is peeled off. */
export interface Peeled {
  mark: Mark;
  box: Box;
  ink: BinaryImage;
}

/** A mark lies below this share of the band, where a digit's own strokes reach across only at its foot. */
const LOW_ZONE = 0.6;

/**
 * A point or comma is about a stroke wide; the foot of a 2 that runs on at the baseline is longer (validation
 * cheques: points 2 to 4 pixels at a digit height of 24 to 33, a 2's foot 12 at 39).
 */
const MARK_WIDTH = 0.2;

/**
 * Ink rising this share of the digit height above the mark's top is the digit's, even in the low part of the
 * band: the side of a 6's bowl or a 3's curve that the point is pressed against.
 */
const RISE = 0.15;

/**
 * What is left must be a whole digit, this share of the band tall, not a piece of one cut apart, and at least
 * this share of the digit height wide (a 1 can be as narrow as that).
 */
const WHOLE_DIGIT = 0.75;
const LEAST_WIDTH = 0.08;

/**
 * Decimal marks joined to the digit before them ("13.76" with the point touching the 3), which the component
 * pass cannot see as marks. At the right end of a piece of ink (`box` in field pixels), the columns whose ink
 * all lies in the low part of the band are peeled off, and, as a second candidate, only those until the ink
 * rises above the mark; when what is peeled has the shape of a point or comma (`isMark`), and what is left is
 * still a whole digit, that is a candidate. The left end is not tried: the feet of 1, 2 and 7 have a mark's
 * shape there (validation cheques: every left-end candidate was a foot). Whether the amount really has a mark,
 * and which, is left to the recogniser, which reads it every way.
 */
export function peelMarks(box: Box, ink: BinaryImage, band: DigitBand, H: number, isMark: (box: Box) => Mark['char'] | undefined): Peeled[] {
  const low = band.top + LOW_ZONE * band.h - box[1];
  const toField = (b: Box): Box => [box[0] + b[0], box[1] + b[1], b[2], b[3]];
  const out: Peeled[] = [];
  for (const rise of [Infinity, RISE * H]) {
    const peeled = peel(ink, low, rise);
    if (!peeled) continue;
    const char = isMark(toField(peeled.mark));
    const rest = toField(peeled.rest);
    if (!char || peeled.mark[2] > MARK_WIDTH * H || rest[3] < WHOLE_DIGIT * band.h || rest[2] < LEAST_WIDTH * H) continue;
    if (out.some((o) => o.box[2] === rest[2])) continue; // the same peel both ways
    out.push({ mark: { char, box: toField(peeled.mark) }, box: rest, ink: peeled.ink });
  }
  return out;
}

/**
 * Splits off the run of columns at the right end whose ink all starts at or below row `low` and no more than
 * `rise` above the highest of them; boxes in the ink's pixels.
 */
function peel(img: BinaryImage, low: number, rise: number): { mark: Box; rest: Box; ink: BinaryImage } | undefined {
  const { width: w, height: h, data } = img;
  const topInk = (x: number) => {
    for (let y = 0; y < h; y++) if (data[y * w + x]) return y;
    return h;
  };
  let x = w - 1;
  let markTop = topInk(x);
  while (x >= 0 && topInk(x) >= low && topInk(x) >= markTop - rise) {
    markTop = Math.min(markTop, topInk(x));
    x--;
  }
  if (x < 0 || x === w - 1) return undefined;
  // Columns right of x are the mark's.
  const mark = inkBox(img, x + 1, w);
  const rest = inkBox(img, 0, x + 1);
  if (!mark || !rest) return undefined;
  return { mark, rest, ink: cropImage(img, rest) };
}

/** The box of the ink in columns [a, z); undefined when there is none. */
function inkBox(img: BinaryImage, a: number, z: number): Box | undefined {
  const { width: w, height: h, data } = img;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < h; y++)
    for (let x = a; x < z; x++)
      if (data[y * w + x]) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return x1 < 0 ? undefined : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}
