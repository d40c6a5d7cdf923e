import type { Box, GreyImage } from './image';

const MAX_SAMPLES = 10_000;

/**
 * Skew of the page in degrees, clockwise positive (as sharp's rotate), by the projection-profile method: the
 * angle at which the row histogram of the pixels above `threshold` is sharpest (ruled lines and text lines
 * line up).
 */
export function estimateSkew(img: GreyImage, threshold = 0, maxDegrees = 6): number {
  const { width, height, data } = img;
  // Sample every k-th column: lines keep every k-th pixel, and only a k-th of the page is read. The ink on
  // every 8th column says how large k can be.
  let sparse = 0;
  for (let y = 0; y < height; y++) for (let i = y * width, end = i + width; i < end; i += 8) if (data[i] > threshold) sparse++;
  const k = Math.max(1, Math.min(8, Math.round((sparse * 8) / MAX_SAMPLES)));
  const xsList: number[] = [];
  const ysList: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x += k) {
      if (data[row + x] > threshold) {
        xsList.push(x);
        ysList.push(y);
      }
    }
  }
  const n = xsList.length;
  if (n < 20) return 0;
  const xs = Float64Array.from(xsList);
  const ys = Float64Array.from(ysList);
  const diag = Math.ceil(Math.hypot(width, height));
  const hist = new Float64Array(2 * diag + 2);
  const score = (deg: number): number => {
    const a = (deg * Math.PI) / 180;
    const s = Math.sin(a);
    const c = Math.cos(a);
    hist.fill(0);
    for (let k = 0; k < n; k++) hist[(ys[k] * c - xs[k] * s + diag + 0.5) | 0]++;
    let sum = 0;
    for (let b = 0; b < hist.length; b++) sum += hist[b] * hist[b];
    return sum;
  };
  const search = (from: number, to: number, step: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let d = from; d <= to + 1e-9; d += step) {
      const v = score(d);
      if (v > bestScore) {
        bestScore = v;
        best = d;
      }
    }
    return best;
  };
  const coarse = search(-maxDegrees, maxDegrees, 0.5);
  return search(coarse - 0.5, coarse + 0.5, 0.1);
}

/** Maps points of a page rotated by `degrees` (clockwise, canvas expanded as sharp does) back to the page. */
export interface Rotation {
  degrees: number;
  from: { width: number; height: number };
  to: { width: number; height: number };
}

/**
 * Rotates a one-channel page by `degrees` clockwise about its centre, bilinear, on a canvas grown to hold it
 * (as sharp's rotate does), the new corners filled with `background`. Done here rather than in sharp: for a
 * page already in memory it is several times quicker than a round trip through libvips.
 */
export function rotateImage(img: GreyImage, degrees: number, background: number): { image: GreyImage; rotation: Rotation } {
  const { width: W, height: H, data } = img;
  const a = (degrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const W2 = Math.round(Math.abs(W * c) + Math.abs(H * s));
  const H2 = Math.round(Math.abs(W * s) + Math.abs(H * c));
  const out = new Uint8Array(W2 * H2).fill(background);
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < W && y < H ? data[y * W + x] : background);
  for (let oy = 0; oy < H2; oy++) {
    // Source position of the centre of output pixel (0, oy), in source pixel-centre coordinates; moving one
    // pixel right in the output moves (c, -s) in the source.
    const dx0 = 0.5 - W2 / 2;
    const dy = oy + 0.5 - H2 / 2;
    let px = dx0 * c + dy * s + W / 2 - 0.5;
    let py = -dx0 * s + dy * c + H / 2 - 0.5;
    const row = oy * W2;
    for (let ox = 0; ox < W2; ox++, px += c, py -= s) {
      if (px <= -1 || py <= -1 || px >= W || py >= H) continue;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const tx = px - x0;
      const ty = py - y0;
      let v: number;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
        const i = y0 * W + x0;
        v = (data[i] * (1 - tx) + data[i + 1] * tx) * (1 - ty) + (data[i + W] * (1 - tx) + data[i + W + 1] * tx) * ty;
      } else {
        v = (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
      }
      out[row + ox] = (v + 0.5) | 0;
    }
  }
  return {
    image: { width: W2, height: H2, data: out },
    rotation: { degrees, from: { width: W, height: H }, to: { width: W2, height: H2 } },
  };
}

/** The box, given in the rotated page, as the bounding box of its corners in the page before rotation. */
export function unrotateBox(box: Box, r: Rotation): Box {
  if (r.degrees === 0) return box;
  const a = (-r.degrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const [x, y, w, h] = box;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [px, py] of [
    [x, y],
    [x + w, y],
    [x, y + h],
    [x + w, y + h],
  ]) {
    const dx = px - r.to.width / 2;
    const dy = py - r.to.height / 2;
    const ox = dx * c - dy * s + r.from.width / 2;
    const oy = dx * s + dy * c + r.from.height / 2;
    x0 = Math.min(x0, ox);
    y0 = Math.min(y0, oy);
    x1 = Math.max(x1, ox);
    y1 = Math.max(y1, oy);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}
