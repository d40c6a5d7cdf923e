import type { Labelled } from './components';
import { peelMarks, type DigitBand } from './attached-mark';
import { cutNear, findCutPaths, type CutPath } from './cut-paths';
import { centreX, unionBox, type BinaryImage, type Box } from './image';

/**
 * A primitive of over-segmentation: some ink of the field (whole components, or one side of a cut through a
 * touching pair). A digit is a run of consecutive primitives.
 */
export interface Primitive {
  /** Primitives cut from one piece share a group. */
  group: number;
  box: Box;
  /** Its ink within `box`, 1 = ink. */
  ink: BinaryImage;
}

/** A separator mark in a field: a decimal point or comma, or a hyphen. */
export interface Mark {
  char: '.' | ',' | '-';
  box: Box;
}

export interface PieceOptions {
  /** Typical digit height in the field, pixels. */
  height: number;
  /** Which marks can occur in the field. */
  marks: readonly Mark['char'][];
  /** Pieces wider than this × height are offered cuts... */
  cutWidth: number;
  /** ...at least this many (more in pieces wide enough for three or more digits). */
  leastCuts: number;
  /** Printed cells, one digit each ([x0, x1) in field pixels): the pieces in a cell are one digit, cut only where cells meet. */
  cells?: [number, number][];
}

/** A decimal mark joined to a digit's ink, and the field's primitives with it peeled off. */
export interface AttachedMark {
  mark: Mark;
  primitives: Primitive[];
}

export interface FieldPrimitives {
  primitives: Primitive[];
  marks: Mark[];
  /** Where a field that allows a decimal mark but has none standing free may have one joined to a digit. */
  attached: AttachedMark[];
}

/**
 * Splits a field's components into ordered primitives and separator marks. Printed letters are dropped;
 * fragments that sit above or below a bigger piece join it; pieces wide enough to be touching digits are cut
 * along paths that part the least ink. A field that allows a decimal mark but has none standing free is also
 * offered the marks that may be joined to a digit (`peelMarks`).
 */
export function makePrimitives(lab: Labelled, opts: PieceOptions): FieldPrimitives {
  const H = opts.height;
  const comps = lab.components.filter((c) => c.area >= Math.max(4, 0.004 * H * H));
  if (!comps.length) return { primitives: [], marks: [], attached: [] };
  const top = Math.min(...comps.filter((c) => c.box[3] >= 0.5 * H).map((c) => c.box[1]), Infinity);
  const bottom = Math.max(...comps.filter((c) => c.box[3] >= 0.5 * H).map((c) => c.box[1] + c.box[3]), -Infinity);
  const band: DigitBand = Number.isFinite(top) ? { top, bottom, h: bottom - top } : { top: 0, bottom: lab.height, h: lab.height };
  const big = comps.filter((c) => c.box[3] >= 0.4 * H || c.box[2] >= 0.8 * H);
  const small = comps.filter((c) => !big.includes(c));
  const groups: { ids: number[]; box: Box }[] = big.map((c) => ({ ids: [c.id], box: c.box }));
  const marks: Mark[] = [];
  for (const c of small) {
    const [x, y, w, h] = c.box;
    const mark = classifyMark(c.box, band, H, opts.marks);
    // Specks above or below the line of digits (bits of printed text, noise) belong to nothing.
    if (!mark && (y + h < band.top - 0.15 * H || y > band.bottom + 0.15 * H)) continue;
    const host = groups.find((g) => overlap(g.box[0], g.box[2], x, w) >= 0.5 * w);
    // A mark that starts at the baseline is a point or comma even under a slanting digit, not part of it.
    if (mark && (!host || c.box[1] >= band.top + 0.8 * band.h)) marks.push({ char: mark, box: c.box });
    else if (host) {
      host.ids.push(c.id);
      host.box = unionBox(host.box, c.box);
    } else if (h >= 0.2 * H || w >= 0.3 * H) groups.push({ ids: [c.id], box: c.box });
    // else: a speck, not part of anything.
  }
  const cellOf = (b: Box) => {
    const cx = centreX(b);
    return opts.cells?.findIndex(([a, z]) => cx >= a && cx < z) ?? -1;
  };
  // Strokes of one digit drawn apart (a 4, a 5's hat) overlap a lot in x and one is short, or they share a
  // printed cell and overlap in x or are both tall (a small mark beside the digit, such as a printed label
  // running into the first box, is left to the best path). Two full-height pieces that overlap (a 1 tucked
  // under a 7) stay apart for the recogniser to judge.
  groups.sort((a, b) => a.box[0] - b.box[0]);
  const merged: (typeof groups[number] & { cell: number })[] = [];
  for (const g of groups) {
    const cell = cellOf(g.box);
    const last = merged[merged.length - 1];
    const same =
      last &&
      (cell >= 0
        ? last.cell === cell && (overlap(last.box[0], last.box[2], g.box[0], g.box[2]) > 0 || Math.min(last.box[3], g.box[3]) >= 0.4 * H)
        : overlap(last.box[0], last.box[2], g.box[0], g.box[2]) >= 0.6 * Math.min(last.box[2], g.box[2]) && Math.min(last.box[3], g.box[3]) < 0.75 * H);
    if (same) {
      last.ids.push(...g.ids);
      last.box = unionBox(last.box, g.box);
    } else merged.push({ ids: [...g.ids], box: g.box, cell });
  }
  // Pieces wide enough to be touching digits are cut along paths that part the least ink.
  const cut = (group: number, box: Box, ink: BinaryImage, cell: number): Primitive[] => {
    const cuts = cell >= 0 ? cellCuts(ink, box, opts.cells ?? [], H) : box[2] > opts.cutWidth * H ? findCutPaths(ink, H, maxCuts(box[2], H, opts.leastCuts)) : [];
    const out: Primitive[] = [];
    for (let k = 0; k <= cuts.length; k++) {
      const side = sideOf(ink, cuts[k - 1], cuts[k]);
      if (side) out.push({ group, box: [box[0] + side.box[0], box[1] + side.box[1], side.box[2], side.box[3]], ink: side.ink });
    }
    return out;
  };
  const inks = merged.map((g) => groupInk(lab, g.ids, g.box));
  const perGroup = merged.map((g, group) => cut(group, g.box, inks[group], g.cell));
  const ordered = (groups: Primitive[][]) => groups.flat().sort((a, b) => centreX(a.box) - centreX(b.box));
  marks.sort((a, b) => a.box[0] - b.box[0]);
  const decimal = opts.marks.filter((m) => m !== '-');
  const attached: AttachedMark[] = [];
  const primitives = ordered(perGroup);
  // A speck at the field's end (a corner of its box) can look like a point; only one between digits is the mark.
  if (decimal.length && !marks.some((m) => m.char !== '-' && splits(primitives, m))) {
    for (const [group, g] of merged.entries()) {
      for (const peeled of peelMarks(g.box, inks[group], band, H, (b) => classifyMark(b, band, H, decimal)))
        attached.push({ mark: peeled.mark, primitives: ordered(perGroup.with(group, cut(group, peeled.box, peeled.ink, g.cell))) });
    }
  }
  return { primitives, marks, attached };
}

/** Whether a mark has primitives on both sides. */
export function splits(primitives: readonly Primitive[], mark: Mark): boolean {
  const cx = centreX(mark.box);
  return primitives.some((p) => centreX(p.box) < cx) && primitives.some((p) => centreX(p.box) > cx);
}

function classifyMark(box: Box, band: DigitBand, H: number, allowed: readonly Mark['char'][]): Mark['char'] | undefined {
  const [, y, w, h] = box;
  const cy = (y + h / 2 - band.top) / Math.max(1, band.h);
  if (allowed.includes('-') && w >= 1.3 * h && h <= 0.25 * H && w <= 0.9 * H && cy > 0.25 && cy < 0.8) return '-';
  if (allowed.includes('.') && w <= 0.35 * H && h <= 0.35 * H && w >= 0.08 * H && h >= 0.08 * H && cy > 0.7) return '.';
  if (allowed.includes(',') && w <= 0.35 * H && h <= 0.55 * H && y > band.top + 0.55 * band.h && y + h > band.bottom) return ',';
  return undefined;
}

/** Up to `least` cuts in a piece as wide as two digits, more in wider ones (three or four digits run together). */
function maxCuts(width: number, H: number, least: number): number {
  return Math.min(4, Math.max(least, Math.ceil(width / (0.6 * H)) - 1));
}

/** Cuts through a piece at the cell borders well inside it (digits in neighbouring cells that touch), bending round a stroke that spills over. */
function cellCuts(ink: BinaryImage, [x, , w]: Box, cells: [number, number][], H: number): CutPath[] {
  const margin = 0.25 * H;
  const paths = cells
    .map(([a]) => Math.round(a))
    .filter((b) => b > x + margin && b < x + w - margin)
    .map((b) => cutNear(ink, b - x, H));
  for (let k = 1; k < paths.length; k++) for (let y = 0; y < ink.height; y++) paths[k][y] = Math.max(paths[k][y], paths[k - 1][y]);
  return paths;
}

/** The ink of components `ids` in `box`, as a mask of the box. */
function groupInk(lab: Labelled, ids: number[], [bx, by, bw, bh]: Box): BinaryImage {
  const set = new Set(ids);
  const data = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (by + y) * lab.width + bx;
    for (let x = 0; x < bw; x++) if (set.has(lab.labels[row + x])) data[y * bw + x] = 1;
  }
  return { width: bw, height: bh, data };
}

/** The ink between two cuts (none: the piece's edge), trimmed to its box; undefined when there is none. */
function sideOf(ink: BinaryImage, left: CutPath | undefined, right: CutPath | undefined): { box: Box; ink: BinaryImage } | undefined {
  const { width: w, height: h, data } = ink;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const a = left ? left[y] : 0;
    const z = right ? right[y] : w;
    for (let x = a; x < z; x++) {
      if (!data[y * w + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
  const out = new Uint8Array(bw * bh);
  for (let y = y0; y <= y1; y++) {
    const a = Math.max(x0, left ? left[y] : 0);
    const z = Math.min(x1 + 1, right ? right[y] : w);
    for (let x = a; x < z; x++) out[(y - y0) * bw + x - x0] = data[y * w + x];
  }
  return { box: [x0, y0, bw, bh], ink: { width: bw, height: bh, data: out } };
}

function overlap(a: number, aw: number, b: number, bw: number): number {
  return Math.max(0, Math.min(a + aw, b + bw) - Math.max(a, b));
}
