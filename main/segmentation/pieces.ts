import type { Labelled } from './components';
import { unionBox, type Box } from './image';

/**
 * A primitive of over-segmentation: the pixels of some components, optionally limited to a column range
 * (when a touching pair was cut). A digit is a run of consecutive primitives.
 */
export interface Primitive {
  ids: number[];
  /** Primitives cut from one piece share a group. */
  group: number;
  x0: number;
  /** Exclusive. */
  x1: number;
  box: Box;
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
  /** Pieces wider than this × height are offered cuts. */
  cutWidth: number;
  /** Printed cells, one digit each ([x0, x1) in field pixels): the pieces in a cell are one digit, cut only where cells meet. */
  cells?: [number, number][];
}

/**
 * Splits a field's components into ordered primitives and separator marks. Fragments that sit above or below
 * a bigger piece join it; pieces wide enough to be touching digits are cut at the thinnest columns.
 */
export function makePrimitives(lab: Labelled, opts: PieceOptions): { primitives: Primitive[]; marks: Mark[] } {
  const H = opts.height;
  const comps = lab.components.filter((c) => c.area >= Math.max(4, 0.004 * H * H));
  if (!comps.length) return { primitives: [], marks: [] };
  const top = Math.min(...comps.filter((c) => c.box[3] >= 0.5 * H).map((c) => c.box[1]), Infinity);
  const bottom = Math.max(...comps.filter((c) => c.box[3] >= 0.5 * H).map((c) => c.box[1] + c.box[3]), -Infinity);
  const band = Number.isFinite(top) ? { top, bottom, h: bottom - top } : { top: 0, bottom: lab.height, h: lab.height };
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
  const cellOf = (b: Box) => opts.cells?.findIndex(([a, z]) => b[0] + b[2] / 2 >= a && b[0] + b[2] / 2 < z) ?? -1;
  // Strokes of one digit drawn apart (a 4, a 5's hat) overlap a lot in x and one is short, or they share a
  // printed cell: one group. Two full-height pieces that overlap (a 1 tucked under a 7) stay apart for the
  // recogniser to judge.
  groups.sort((a, b) => a.box[0] - b.box[0]);
  const merged: (typeof groups[number] & { cell: number })[] = [];
  for (const g of groups) {
    const cell = cellOf(g.box);
    const last = merged[merged.length - 1];
    const same =
      last &&
      (cell >= 0
        ? last.cell === cell
        : overlap(last.box[0], last.box[2], g.box[0], g.box[2]) >= 0.6 * Math.min(last.box[2], g.box[2]) && Math.min(last.box[3], g.box[3]) < 0.75 * H);
    if (same) {
      last.ids.push(...g.ids);
      last.box = unionBox(last.box, g.box);
    } else merged.push({ ids: [...g.ids], box: g.box, cell });
  }
  const primitives: Primitive[] = [];
  for (const [group, g] of merged.entries()) {
    const cuts = g.cell >= 0 ? cellCuts(g.box, opts.cells ?? [], H) : g.box[2] > opts.cutWidth * H ? cutColumns(lab, g.ids, g.box, H) : [];
    const edges = [g.box[0], ...cuts, g.box[0] + g.box[2]];
    for (let k = 0; k + 1 < edges.length; k++) {
      const box = pixelBox(lab, g.ids, edges[k], edges[k + 1], g.box);
      if (box) primitives.push({ ids: g.ids, group, x0: edges[k], x1: edges[k + 1], box });
    }
  }
  primitives.sort((a, b) => a.box[0] + a.box[2] / 2 - (b.box[0] + b.box[2] / 2));
  marks.sort((a, b) => a.box[0] - b.box[0]);
  return { primitives, marks };
}

function classifyMark(box: Box, band: { top: number; bottom: number; h: number }, H: number, allowed: readonly Mark['char'][]): Mark['char'] | undefined {
  const [, y, w, h] = box;
  const cy = (y + h / 2 - band.top) / Math.max(1, band.h);
  if (allowed.includes('-') && w >= 1.3 * h && h <= 0.25 * H && w <= 0.9 * H && cy > 0.25 && cy < 0.8) return '-';
  if (allowed.includes('.') && w <= 0.35 * H && h <= 0.35 * H && w >= 0.08 * H && h >= 0.08 * H && cy > 0.7) return '.';
  if (allowed.includes(',') && w <= 0.35 * H && h <= 0.55 * H && y > band.top + 0.55 * band.h && y + h > band.bottom) return ',';
  return undefined;
}

/**
 * Where to cut a wide piece: up to two columns at local minima of the ink count, at least a fifth of a digit
 * from the ends and from each other.
 */
function cutColumns(lab: Labelled, ids: number[], box: Box, H: number): number[] {
  const [bx, by, bw, bh] = box;
  const count = new Float32Array(bw);
  const set = new Set(ids);
  for (let y = by; y < by + bh; y++) {
    for (let x = bx; x < bx + bw; x++) if (set.has(lab.labels[y * lab.width + x])) count[x - bx]++;
  }
  const end = Math.max(2, Math.round(0.22 * H));
  const apart = end;
  const minima: number[] = [];
  for (let x = end; x < bw - end; x++) {
    const v = count[x];
    if (v <= count[x - 1] && v <= count[x + 1]) minima.push(x);
  }
  minima.sort((a, b) => count[a] - count[b]);
  const chosen: number[] = [];
  for (const m of minima) {
    if (chosen.length >= 2) break;
    if (chosen.every((c) => Math.abs(c - m) >= apart)) chosen.push(m);
  }
  return chosen.sort((a, b) => a - b).map((c) => bx + c);
}

/** Cell borders well inside a piece: digits in neighbouring cells that touch are cut where the cells meet. */
function cellCuts([x, , w]: Box, cells: [number, number][], H: number): number[] {
  const margin = 0.25 * H;
  return cells.map(([a]) => Math.round(a)).filter((b) => b > x + margin && b < x + w - margin);
}

/** Box of the pixels of `ids` in columns [x0, x1), or undefined if there are none. */
function pixelBox(lab: Labelled, ids: number[], x0: number, x1: number, within: Box): Box | undefined {
  const set = new Set(ids);
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -1;
  let by1 = -1;
  for (let y = within[1]; y < within[1] + within[3]; y++) {
    for (let x = x0; x < x1; x++) {
      if (!set.has(lab.labels[y * lab.width + x])) continue;
      if (x < bx0) bx0 = x;
      if (x > bx1) bx1 = x;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
  }
  return bx1 < 0 ? undefined : [bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1];
}

function overlap(a: number, aw: number, b: number, bw: number): number {
  return Math.max(0, Math.min(a + aw, b + bw) - Math.max(a, b));
}
