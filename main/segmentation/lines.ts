import type { BinaryImage, Box } from './image';

export interface LineOptions {
  /** Shortest run of ink counted as a ruled line, in pixels. */
  minHorizontal: number;
  minVertical: number;
  /** Thickest stroke still counted as a line. */
  maxThickness: number;
  /** Gaps up to this many pixels inside a run are bridged (noise, JPEG, light print). */
  gap: number;
}

export interface RuledLines {
  /** The mask with line pixels removed, except where a stroke crosses the line. */
  cleaned: BinaryImage;
  horizontal: Box[];
  vertical: Box[];
}

/**
 * Finds printed horizontal and vertical lines (long thin runs of ink) and removes them from `mask`. Where a
 * handwritten stroke crosses a line (ink on both sides of it), the line pixels are kept so the stroke stays
 * whole. Lines are looked for in `faint`, a mask thresholded lower, so light ruling comes out unbroken.
 */
export function removeLines(mask: BinaryImage, opts: LineOptions, faint: BinaryImage = mask): RuledLines {
  const { width, height } = mask;
  const hmask = blank(width, height);
  const vmask = blank(width, height);
  const horizontal = thinLines(longRuns(faint, opts.minHorizontal, opts.gap, true), opts.maxThickness, hmask, true);
  // A printed box's side may be shorter than a vertical rule must be (a comb box drawn small, a dpi guessed
  // from the handwriting): a vertical run is a line too when it joins two horizontal lines end to end.
  const columnRuns = longRuns(faint, Math.max(4, Math.round(opts.minVertical / 3)), opts.gap, false);
  const joinsRules = ([x, y0, y1]: Run) => nearInk(hmask, x, y0, 1) && nearInk(hmask, x, y1, 1);
  const vertical = thinLines(
    columnRuns.filter((r) => r[2] - r[1] + 1 >= opts.minVertical || joinsRules(r)),
    opts.maxThickness,
    vmask,
    false,
  );
  const cleaned = new Uint8Array(mask.data);
  for (let x = 0; x < width; x++) eraseAcross(faint.data, hmask.data, cleaned, x, width, height);
  for (let y = 0; y < height; y++) eraseAcross(faint.data, vmask.data, cleaned, y * width, 1, width);
  return { cleaned: { width, height, data: cleaned }, horizontal, vertical };
}

/** Ink left on either side of a line by its anti-aliased edges, in pixels: erased with the line. */
const EDGE = 2;

/**
 * Erases line pixels along one column (for horizontal lines) or one row (for vertical lines): `start` is the
 * first pixel, `step` the distance between neighbours across the line, `n` how many there are. Each stretch of
 * line pixels is widened to the whole ink run across it. A run that is just the line (and its ragged edges)
 * goes; a stroke that crosses the line (ink well beyond both sides) stays whole; a stroke that only touches it
 * keeps its own side.
 */
function eraseAcross(ink: Uint8Array, line: Uint8Array, out: Uint8Array, start: number, step: number, n: number): void {
  let k = 0;
  while (k < n) {
    if (!line[start + k * step]) {
      k++;
      continue;
    }
    const a = k;
    while (k < n && line[start + k * step]) k++;
    let up = a;
    while (up > 0 && ink[start + (up - 1) * step]) up--;
    let down = k;
    while (down < n && ink[start + down * step]) down++;
    const before = a - up > EDGE;
    const after = down - k > EDGE;
    if (before && after) continue;
    const from = before ? a : up;
    const to = after ? k : down;
    for (let j = from; j < to; j++) out[start + j * step] = 0;
    k = Math.max(k, down);
  }
}

/** A run of ink along a row (or a column): which row, and its first and last pixel. */
type Run = [line: number, start: number, end: number];

/** Runs of at least `min` ink pixels along rows (or columns), bridging gaps of up to `gap` pixels. */
function longRuns(mask: BinaryImage, min: number, gap: number, alongRows: boolean): Run[] {
  const { width, height, data } = mask;
  const runs: Run[] = [];
  const [lines, len, lineStep, step] = alongRows ? [height, width, width, 1] : [width, height, 1, width];
  for (let l = 0; l < lines; l++) {
    const base = l * lineStep;
    let k = 0;
    while (k < len) {
      if (!data[base + k * step]) {
        k++;
        continue;
      }
      const start = k;
      let end = k; // last ink pixel of the run
      let holes = 0;
      while (k < len) {
        if (data[base + k * step]) {
          end = k;
          holes = 0;
        } else if (++holes > gap) break;
        k++;
      }
      if (end - start + 1 >= min) runs.push([l, start, end]);
      k = end + 1;
    }
  }
  return runs;
}

/**
 * Groups runs in neighbouring rows that overlap into lines, keeps those no thicker than `maxThickness` on
 * average (area / length, so a slightly skewed line still counts), marks their ink pixels in `out`, and
 * returns their boxes. Thick groups (a filled area, a bold logo) are not lines.
 */
function thinLines(runs: Run[], maxThickness: number, out: BinaryImage, alongRows: boolean): Box[] {
  const parent = runs.map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  // Runs come sorted by line; compare each with the runs of the previous line.
  let prevFrom = 0;
  let prevTo = 0;
  for (let i = 0; i < runs.length; i++) {
    if (i > 0 && runs[i][0] !== runs[i - 1][0]) {
      const isNext = runs[i][0] === runs[i - 1][0] + 1;
      prevFrom = isNext ? lineStart(runs, i - 1) : i;
      prevTo = isNext ? i : i;
    }
    for (let j = prevFrom; j < prevTo; j++) {
      if (runs[j][1] <= runs[i][2] && runs[i][1] <= runs[j][2]) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Run[]>();
  for (let i = 0; i < runs.length; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(runs[i]);
    else groups.set(r, [runs[i]]);
  }
  const boxes: Box[] = [];
  const { width, data } = out;
  for (const g of groups.values()) {
    let l0 = Infinity;
    let l1 = -1;
    let s0 = Infinity;
    let s1 = -1;
    let area = 0;
    for (const [l, a, b] of g) {
      l0 = Math.min(l0, l);
      l1 = Math.max(l1, l);
      s0 = Math.min(s0, a);
      s1 = Math.max(s1, b);
      area += b - a + 1;
    }
    const thickness = l1 - l0 + 1;
    const length = s1 - s0 + 1;
    if (thickness > maxThickness && area / length > maxThickness) continue;
    for (const [l, a, b] of g) for (let k = a; k <= b; k++) data[alongRows ? l * width + k : k * width + l] = 1;
    boxes.push(alongRows ? [s0, l0, length, thickness] : [l0, s0, thickness, length]);
  }
  return boxes;
}

/** Whether `mask` has a pixel within `r` of (x, y). */
function nearInk(mask: BinaryImage, x: number, y: number, r: number): boolean {
  for (let yy = Math.max(0, y - r); yy <= Math.min(mask.height - 1, y + r); yy++)
    for (let xx = Math.max(0, x - r); xx <= Math.min(mask.width - 1, x + r); xx++) if (mask.data[yy * mask.width + xx]) return true;
  return false;
}

/** Index of the first run on the same line as run i. */
function lineStart(runs: Run[], i: number): number {
  while (i > 0 && runs[i - 1][0] === runs[i][0]) i--;
  return i;
}

function blank(width: number, height: number): BinaryImage {
  return { width, height, data: new Uint8Array(width * height) };
}
