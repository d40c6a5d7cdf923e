import { unionBox, type Box } from '../segmentation/image';
import type { TruthField } from './truth';
import type { DigitBank, InkLayer } from './ink';
import type { Rng } from './rng';

export interface WriteOptions {
  /** Left end of the string and the line it sits on, in pixels. */
  x: number;
  baseline: number;
  /** Height of a digit's ink, in pixels. */
  height: number;
  /** Pen width for separators, in pixels. */
  pen: number;
  /** Chance that a gap between two digits is negative (touching or overlapping digits). */
  touching: number;
}

/** Writes a string of digits and separators (. , - /) by hand; returns its truth. */
export function writeString(ink: InkLayer, bank: DigitBank, rng: Rng, text: string, o: WriteOptions): { field: TruthField } {
  const digits: TruthField['digits'] = [];
  let x = o.x;
  let box: Box | undefined;
  const grow = (b: Box) => {
    if (b[2] === 0) return;
    box = box ? unionBox(box, b) : b;
  };
  // The gap after a digit is drawn with it but laid down once the next character is known: digits that touch
  // overlap by at most 30% of the narrower one, as people do not write one digit on top of another.
  let gap = 0;
  let prevWidth = Infinity;
  for (const ch of text) {
    const h = o.height * rng.uniform(0.9, 1.1);
    if (ch >= '0' && ch <= '9') {
      const patch = bank.draw(Number(ch), h, rng);
      x += gap < 0 ? -Math.min(-gap, 0.3 * Math.min(prevWidth, patch.width)) : gap;
      const top = Math.round(o.baseline - h + rng.uniform(-0.06, 0.06) * o.height);
      const b = ink.stamp(patch, Math.round(x), top);
      digits.push({ box: b, label: Number(ch), mnist: patch.mnist });
      grow(b);
      gap = rng.chance(o.touching) ? -rng.uniform(0.02, 0.12) * o.height : rng.uniform(0.08, 0.35) * o.height;
      prevWidth = patch.width;
      x += patch.width;
    } else {
      x += gap;
      gap = 0;
      const m = mark(ink, rng, ch, x, o);
      grow(m.box);
      x += m.advance;
    }
  }
  return { field: { text, box: box ?? [o.x, o.baseline - o.height, 0, 0], digits } };
}

/** Draws a separator at pen position x; returns how far the pen moves and the mark's box. */
function mark(ink: InkLayer, rng: Rng, ch: string, x: number, o: WriteOptions): { advance: number; box: Box } {
  const h = o.height;
  const pen = o.pen * rng.uniform(1, 1.4);
  const x0 = x + rng.uniform(0.08, 0.15) * h;
  switch (ch) {
    case '.': {
      const y = o.baseline - pen;
      ink.stroke(x0, y, x0 + pen * 0.3, y + pen * 0.2, pen * 1.5);
      return { advance: pen * 1.5 + rng.uniform(0.2, 0.35) * h, box: [x0 - pen, y - pen, pen * 2.5, pen * 2] };
    }
    case ',': {
      const y = o.baseline - pen * 0.6;
      ink.stroke(x0 + pen * 0.6, y, x0 - pen * 0.2, y + 0.22 * h, pen * 1.1);
      return { advance: pen * 1.5 + rng.uniform(0.2, 0.35) * h, box: [x0 - pen, y - pen, pen * 2.5, 0.22 * h + pen] };
    }
    case '-': {
      const y = o.baseline - h * rng.uniform(0.4, 0.55);
      const w = rng.uniform(0.3, 0.5) * h;
      ink.stroke(x0, y, x0 + w, y + rng.uniform(-0.04, 0.04) * h, pen);
      return { advance: w + rng.uniform(0.2, 0.35) * h, box: [x0 - pen, y - pen, w + 2 * pen, 2 * pen] };
    }
    case '/': {
      const w = 0.35 * h;
      ink.stroke(x0, o.baseline, x0 + w, o.baseline - h, pen);
      return { advance: w + 0.2 * h, box: [x0, o.baseline - h, w, h] };
    }
    default:
      throw new Error(`Expected a digit or one of . , - / in a handwritten string but received '${ch}'`);
  }
}
