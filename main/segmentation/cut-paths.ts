import type { BinaryImage } from './image';

/** A cut through a piece of ink: for each row, the first column that goes to the right-hand side. */
export type CutPath = Int32Array;

/** Cost of a path that moves one column sideways between rows, and of each column it strays from its start. */
const STEP = 0.05;
const DRIFT = 0.03;

/** Least share of the piece's ink on each side of a cut. */
const MIN_SIDE = 0.12;

/**
 * Where to cut a piece of ink that may be touching digits: up to `maxCuts` paths from top to bottom that part
 * the fewest pairs of neighbouring ink pixels. Unlike a straight column, a path may bend (one column per row,
 * at most `0.3 × height` from where it starts), so it can go round the stroke of a digit that leans over its
 * neighbour. Paths start at least `0.22 × height` from the ends and from each other, and do not cross.
 */
export function findCutPaths(piece: BinaryImage, height: number, maxCuts: number): CutPath[] {
  const { width: w, height: h } = piece;
  const end = Math.max(2, Math.round(0.22 * height));
  const reach = Math.max(1, Math.round(0.3 * height));
  const total = piece.data.reduce((s, v) => s + v, 0);
  const found: { path: CutPath; cost: number; mean: number }[] = [];
  for (let c = end; c <= w - end; c++) {
    const f = bestPathFrom(piece, c, Math.max(1, c - reach), Math.min(w - 1, c + reach));
    // A path round the outside of the ink parts nothing: each side must keep a real share of it.
    const left = inkLeftOf(piece, f.path);
    if (left >= MIN_SIDE * total && total - left >= MIN_SIDE * total) found.push(f);
  }
  found.sort((a, b) => a.cost - b.cost);
  const chosen: typeof found = [];
  for (const f of found) {
    if (chosen.length >= maxCuts) break;
    if (f.mean < end || f.mean > w - end) continue;
    if (chosen.every((o) => Math.abs(o.mean - f.mean) >= end)) chosen.push(f);
  }
  chosen.sort((a, b) => a.mean - b.mean);
  const paths = chosen.map((c) => c.path);
  // Keep neighbouring paths in order on every row, so every pixel has one side.
  for (let k = 1; k < paths.length; k++) for (let y = 0; y < h; y++) paths[k][y] = Math.max(paths[k][y], paths[k - 1][y]);
  return paths;
}

/**
 * The cheapest cut that starts at column `c` (a printed cell's border, where a digit that spills over it
 * touches the next): it may bend round the spilling stroke, up to `0.3 × height` away.
 */
export function cutNear(piece: BinaryImage, c: number, height: number): CutPath {
  const reach = Math.max(1, Math.round(0.3 * height));
  return bestPathFrom(piece, c, Math.max(1, c - reach), Math.min(piece.width - 1, c + reach)).path;
}

/** Pixels of ink left of a path. */
function inkLeftOf(piece: BinaryImage, path: CutPath): number {
  let n = 0;
  for (let y = 0; y < piece.height; y++) for (let x = 0; x < path[y]; x++) n += piece.data[y * piece.width + x];
  return n;
}

/** Ink on both sides of a boundary before column x of row y: one stroke parted. */
function parts(piece: BinaryImage, x: number, y: number): number {
  const i = y * piece.width + x;
  return piece.data[i - 1] && piece.data[i] ? 1 : 0;
}

/** The cheapest path starting at column `c` and staying in [lo, hi] (dynamic programming over rows). */
function bestPathFrom(piece: BinaryImage, c: number, lo: number, hi: number): { path: CutPath; cost: number; mean: number } {
  const { width: w, height: h } = piece;
  const span = hi - lo + 1;
  const cost = new Float64Array(span).fill(Infinity);
  const from = new Int8Array(span * h);
  cost[c - lo] = parts(piece, c, 0);
  const next = new Float64Array(span);
  for (let y = 1; y < h; y++) {
    for (let i = 0; i < span; i++) {
      const x = lo + i;
      let best = cost[i];
      let move = 0;
      // Moving right from x-1 puts pixel (x-1) of the row above on the right and of this row on the left.
      if (i > 0) {
        const v = cost[i - 1] + STEP + (piece.data[(y - 1) * w + x - 1] && piece.data[y * w + x - 1] ? 1 : 0);
        if (v < best) [best, move] = [v, -1];
      }
      if (i + 1 < span) {
        const v = cost[i + 1] + STEP + (piece.data[(y - 1) * w + x] && piece.data[y * w + x] ? 1 : 0);
        if (v < best) [best, move] = [v, 1];
      }
      next[i] = best + parts(piece, x, y) + DRIFT * Math.abs(x - c);
      from[y * span + i] = move;
    }
    cost.set(next);
  }
  let at = 0;
  for (let i = 1; i < span; i++) if (cost[i] < cost[at]) at = i;
  const path = new Int32Array(h);
  const total = cost[at];
  let sum = 0;
  for (let y = h - 1; y >= 0; y--) {
    path[y] = lo + at;
    sum += path[y];
    at += from[y * span + at];
  }
  return { path, cost: total, mean: sum / h };
}
