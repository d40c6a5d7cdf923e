import type { BinaryImage, GreyImage } from './image';

/**
 * Flattens uneven lighting: divides each pixel by a smooth estimate of the paper brightness around it (the
 * brightest pixel of each block, blurred and interpolated). Returns ink darkness: 0 = paper, 255 = black ink.
 */
export function flattenLighting(grey: GreyImage, block: number): GreyImage {
  const { width, height, data } = grey;
  const bw = Math.max(1, Math.ceil(width / block));
  const bh = Math.max(1, Math.ceil(height / block));
  const peak = new Float32Array(bw * bh);
  for (let y = 0; y < height; y++) {
    const row = (y / block) | 0;
    for (let x = 0; x < width; x++) {
      const i = row * bw + ((x / block) | 0);
      const v = data[y * width + x];
      if (v > peak[i]) peak[i] = v;
    }
  }
  const paper = blur3(peak, bw, bh);
  // Bilinear interpolation of the block grid, with the per-column and per-row terms worked out once.
  const cx0 = new Int32Array(width);
  const cx1 = new Int32Array(width);
  const ctx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
    cx0[x] = Math.floor(fx);
    cx1[x] = Math.min(bw - 1, cx0[x] + 1);
    ctx[x] = fx - cx0[x];
  }
  const out = new Uint8Array(width * height);
  const rowA = new Float32Array(bw);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let b = 0; b < bw; b++) rowA[b] = paper[y0 * bw + b] * (1 - ty) + paper[y1 * bw + b] * ty;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = rowA[cx0[x]] * (1 - ctx[x]) + rowA[cx1[x]] * ctx[x];
      // A block with no paper (solid dark) gives p ≈ v; keep a floor so it stays ink, not paper.
      const rel = data[row + x] / (p > 96 ? p : 96);
      out[row + x] = rel >= 1 ? 0 : (255 * (1 - rel) + 0.5) | 0;
    }
  }
  return { width, height, data: out };
}

/** 3×3 box blur of a small grid, used on the block maxima so that one dark block does not punch a hole. */
function blur3(src: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const v = src[yy * w + xx];
          s += v;
          n++;
          if (v > m) m = v;
        }
      }
      // Lean on the brightest neighbour: block maxima can only under-estimate the paper.
      out[y * w + x] = 0.5 * (s / n) + 0.5 * m;
    }
  }
  return out;
}

/** Otsu's threshold of an 8-bit image. */
export function otsuThreshold(img: GreyImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  const total = img.data.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t];
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestT = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * The ink threshold of an ink-darkness image (0 = paper): Otsu's, kept within [70, 140] so that a page that is
 * almost all paper (Otsu then splits the noise) or almost all ink still gives a sensible mask.
 */
export function inkThreshold(ink: GreyImage): number {
  return Math.min(140, Math.max(70, otsuThreshold(ink)));
}

/** The ink mask (darkness above the ink threshold) and a faint mask (darkness above `faint`), in one pass. */
export function inkMasks(ink: GreyImage, faint: number): { mask: BinaryImage; faint: BinaryImage } {
  const t = inkThreshold(ink);
  const m = new Uint8Array(ink.data.length);
  const f = new Uint8Array(ink.data.length);
  for (let i = 0; i < m.length; i++) {
    const v = ink.data[i];
    m[i] = v > t ? 1 : 0;
    f[i] = v > faint ? 1 : 0;
  }
  return { mask: { width: ink.width, height: ink.height, data: m }, faint: { width: ink.width, height: ink.height, data: f } };
}
