/**
 * A writer's systematic habits that MNIST's American writers rarely have, drawn onto MNIST digits (28×28):
 * sevens crossed through the stem and ones with a flag and a foot, all slanted backwards (backhand). Retraining
 * on an operator's corrections must learn such a writer; the demonstration (main/retrain/demo.ts) reads scans in
 * this style. (A slashed zero was tried and left out: it looks too much like an MNIST eight, so learning it cost
 * MNIST validation accuracy.)
 */
import { InkLayer } from './ink';
import type { Rng } from './rng';

export const DIGIT_STYLES = ['mnist', 'habits'] as const;
export type DigitStyle = (typeof DIGIT_STYLES)[number];

const SIZE = 28;

/** Ink bounds, and the mean x of the ink in a row (the stem's position there). */
function inkShape(img: Uint8Array) {
  let top = SIZE;
  let bottom = -1;
  let left = SIZE;
  let right = -1;
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++)
      if (img[y * SIZE + x] >= 128) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  const stemX = (y: number) => {
    let sum = 0;
    let n = 0;
    for (let x = 0; x < SIZE; x++) if (img[Math.round(y) * SIZE + x] >= 128) (sum += x + 0.5), n++;
    return n ? sum / n : (left + right + 1) / 2;
  };
  return { top, bottom: bottom + 1, left, right: right + 1, stemX };
}

/** The digit with the writer's habit for its label (a new array; digits without a habit are copied). */
export function withHabit(src: Uint8Array, label: number, rng: Rng): Uint8Array {
  const layer = new InkLayer(SIZE, SIZE);
  layer.data.set(src);
  const img = layer.data;
  const s = inkShape(img);
  if (s.bottom <= s.top) return img;
  const h = s.bottom - s.top;
  const pen = rng.uniform(2, 2.6);
  const jitter = () => rng.uniform(-0.04, 0.04) * h;
  if (label === 7) {
    // A bar across the stem at about mid-height.
    const y = s.top + h * rng.uniform(0.5, 0.6);
    const cx = s.stemX(y);
    const half = h * rng.uniform(0.22, 0.3);
    layer.stroke(cx - half, y + jitter(), cx + half, y + jitter(), pen);
  } else if (label === 1) {
    // A long flag down to the left from the top, and a foot under the stem.
    const tx = s.stemX(s.top + 1);
    layer.stroke(tx, s.top + 0.5, tx - h * rng.uniform(0.35, 0.45), s.top + h * rng.uniform(0.3, 0.4), pen);
    const bx = s.stemX(s.bottom - 1);
    const half = h * rng.uniform(0.28, 0.36);
    const y = Math.min(SIZE - 1.5, s.bottom - 0.5);
    layer.stroke(bx - half, y + jitter() / 2, bx + half, y + jitter() / 2, pen);
  } else if (label === 3) {
    // A flat-topped three: the upper bowl becomes a bar and a stroke down to the middle, over the lower bowl.
    const mid = s.top + Math.round(h * 0.45);
    img.fill(0, 0, mid * SIZE);
    const right = s.right - 0.5;
    const left = Math.max(s.left, right - h * rng.uniform(0.55, 0.7));
    layer.stroke(left, s.top + 0.5, right, s.top + 0.5 + jitter(), pen);
    layer.stroke(right, s.top + 0.5, (left + right) / 2 + jitter(), mid + 1, pen);
  }
  return backhand(img, rng.uniform(0.4, 0.55));
}

/** Slants a digit to the left (backhand writing) by `shear` pixels across per pixel down, about its middle row. */
function backhand(img: Uint8Array, shear: number): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    const shift = -shear * (SIZE / 2 - (y + 0.5)); // top rows move left
    for (let x = 0; x < SIZE; x++) {
      const sx = x + 0.5 - shift - 0.5;
      const x0 = Math.floor(sx);
      const t = sx - x0;
      const at = (xx: number) => (xx < 0 || xx >= SIZE ? 0 : img[y * SIZE + xx]);
      out[y * SIZE + x] = Math.round(at(x0) * (1 - t) + at(x0 + 1) * t);
    }
  }
  return out;
}
