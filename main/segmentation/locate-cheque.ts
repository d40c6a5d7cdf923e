import { centreX, centreY, type Box } from './image';

/**
 * Finds the courtesy-amount box of a cheque among the ruled lines: a rectangle of two horizontal and two
 * vertical lines, 0.25–0.8 in tall and 2–7 times as wide, in the right half of the page (the horizontal lines
 * may run on beyond its sides). When several qualify, the one nearest the usual place (right, upper middle)
 * wins. Returns the box inside its lines.
 */
export function findAmountBox(horizontal: Box[], vertical: Box[], page: { width: number; height: number }, dpi: number): Box | undefined {
  const tol = 0.06 * dpi;
  let best: { box: Box; score: number } | undefined;
  for (const t of horizontal) {
    for (const b of horizontal) {
      const gap = b[1] - (t[1] + t[3]);
      if (gap < 0.25 * dpi || gap > 0.8 * dpi) continue;
      // The lines may run on past the box (a date line that meets its top): the sides are what count.
      const x0 = Math.max(t[0], b[0]);
      const x1 = Math.min(t[0] + t[2], b[0] + b[2]);
      if (x1 - x0 < 0.5 * dpi) continue;
      const spans = (v: Box) => v[1] <= t[1] + t[3] + tol && v[1] + v[3] >= b[1] - tol && v[0] >= x0 - tol && v[0] + v[2] <= x1 + tol;
      const sides = vertical.filter(spans);
      for (const left of sides) {
        for (const right of sides) {
          if (right[0] <= left[0]) continue;
          const inner: Box = [left[0] + left[2], t[1] + t[3], right[0] - (left[0] + left[2]), b[1] - (t[1] + t[3])];
          const aspect = inner[2] / inner[3];
          if (aspect < 2 || aspect > 7 || centreX(inner) < page.width / 2) continue;
          const score = -Math.abs((inner[0] + inner[2]) / page.width - 0.95) - Math.abs(centreY(inner) / page.height - 0.45);
          if (!best || score > best.score) best = { box: inner, score };
        }
      }
    }
  }
  return best?.box;
}
