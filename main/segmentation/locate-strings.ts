import type { Component } from './components';
import { unionBox, type Box } from './image';

export interface DigitString {
  /** Box of the string's tall pieces. */
  box: Box;
  /** Median height of the tall pieces. */
  height: number;
  /** Number of tall pieces (roughly the number of digits). */
  pieces: number;
}

/**
 * Finds lines of handwriting: components at least 0.12 in tall and at least 45% as tall as the tallest writing
 * (printed text is smaller, ruled lines are already gone), chained left to right when they share most of their
 * height and the gap between them is under two digits' height (a zip code's hyphen leaves a wide gap). Sizes
 * are in inches through `dpi`; the relative test still keeps printed text out when the dpi is a guess.
 */
export function findDigitStrings(components: Component[], dpi: number): DigitString[] {
  const compact = components.filter((c) => c.box[3] >= 0.06 * dpi && c.box[3] <= 0.6 * dpi && c.box[2] <= 4 * c.box[3] && c.area >= 0.05 * c.box[2] * c.box[3]);
  const reference = Math.max(0, ...compact.map((c) => c.box[3]));
  const minH = Math.max(0.12 * dpi, 0.45 * reference);
  const tall = compact.filter((c) => c.box[3] >= minH).sort((a, b) => a.box[0] - b.box[0]);
  const strings: { boxes: Box[]; box: Box }[] = [];
  for (const c of tall) {
    const b = c.box;
    let home: (typeof strings)[number] | undefined;
    for (const s of strings) {
      const last = s.boxes[s.boxes.length - 1];
      const h = Math.min(b[3], last[3]);
      const vOverlap = Math.min(b[1] + b[3], s.box[1] + s.box[3]) - Math.max(b[1], s.box[1]);
      const gap = b[0] - (s.box[0] + s.box[2]);
      if (vOverlap >= 0.5 * h && gap <= 2 * Math.max(b[3], last[3])) {
        home = s;
        break;
      }
    }
    if (home) {
      home.boxes.push(b);
      home.box = unionBox(home.box, b);
    } else strings.push({ boxes: [b], box: b });
  }
  return strings.map((s) => {
    // Thin strokes (a 1, a ruled line not taken out) say little about how tall the digits are.
    const wide = s.boxes.filter((b) => b[2] >= 0.25 * b[3]);
    const hs = (wide.length ? wide : s.boxes).map((b) => b[3]).sort((a, b) => a - b);
    return { box: s.box, height: hs[hs.length >> 1], pieces: s.boxes.length };
  });
}
