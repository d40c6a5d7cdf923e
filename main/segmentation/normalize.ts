import { DIGIT_PIXELS, DIGIT_SIDE, type DigitInput } from '../../engine/recognizer';
import type { GreyImage } from './image';

const FIT = 20;
const FIELD = 28;
const PAD = (DIGIT_SIDE - FIELD) / 2;

/**
 * Turns a digit crop into the engine's 32×32 input the way MNIST was made: the ink's bounding box is fitted
 * into 20×20 keeping its aspect ratio (area-averaged, so edges come out anti-aliased), placed in 28×28 so that
 * its centre of mass is at the centre, then padded by 2 on each side. `crop` holds ink (0 = paper, 255 = full
 * ink); a binary mask should be given as 0/255, as NIST's binary digits were.
 */
export function normalizeDigit(crop: GreyImage): DigitInput {
  const out = new Uint8Array(DIGIT_PIXELS);
  const ink = inkBounds(crop);
  if (!ink) return out;
  const [bx, by, bw, bh] = ink;
  const s = FIT / Math.max(bw, bh);
  const dw = Math.max(1, Math.round(bw * s));
  const dh = Math.max(1, Math.round(bh * s));
  const small = resampleArea(crop, [bx, by, bw, bh], dw, dh);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const v = small[y * dw + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  // Shift so that the centre of mass lands on pixel (14, 14) of the 28×28 field, where MNIST's digits have it
  // (mean over the test set: 14.0, 14.0), by a whole number of pixels as MNIST did.
  const ox = Math.round(FIELD / 2 - mx / mass);
  const oy = Math.round(FIELD / 2 - my / mass);
  for (let y = 0; y < dh; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= FIELD) continue;
    for (let x = 0; x < dw; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= FIELD) continue;
      out[(ty + PAD) * DIGIT_SIDE + tx + PAD] = Math.min(255, Math.round(small[y * dw + x]));
    }
  }
  return out;
}

/** Bounding box of the non-zero pixels, or undefined when there are none. */
export function inkBounds(img: GreyImage): [number, number, number, number] | undefined {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!img.data[y * img.width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? undefined : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/** Resamples a region to dw×dh by exact area averaging (each output pixel is the mean of what it covers). */
function resampleArea(img: GreyImage, [rx, ry, rw, rh]: [number, number, number, number], dw: number, dh: number): Float32Array {
  const xs = weights(rw, dw);
  const ys = weights(rh, dh);
  // Horizontal pass into rh×dw, then vertical pass into dh×dw.
  const tmp = new Float32Array(rh * dw);
  for (let y = 0; y < rh; y++) {
    const row = (ry + y) * img.width + rx;
    for (let x = 0; x < dw; x++) {
      let s = 0;
      for (const [src, w] of xs[x]) s += img.data[row + src] * w;
      tmp[y * dw + x] = s;
    }
  }
  const out = new Float32Array(dh * dw);
  for (let y = 0; y < dh; y++) {
    for (const [src, w] of ys[y]) {
      for (let x = 0; x < dw; x++) out[y * dw + x] += tmp[src * dw + x] * w;
    }
  }
  return out;
}

/** For each of `dst` output cells, the source cells it covers with their weights (summing to 1). */
function weights(src: number, dst: number): [number, number][][] {
  const step = src / dst;
  const out: [number, number][][] = [];
  for (let d = 0; d < dst; d++) {
    const a = d * step;
    const b = a + step;
    const cell: [number, number][] = [];
    for (let s = Math.floor(a); s < Math.min(src, Math.ceil(b)); s++) {
      const cover = Math.min(b, s + 1) - Math.max(a, s);
      if (cover > 1e-9) cell.push([s, cover / step]);
    }
    out.push(cell);
  }
  return out;
}
