import type { MnistSet } from '../../engine/node/mnist';
import type { Box } from '../segmentation';
import type { Rng } from './rng';

/** Rewrites a 28×28 MNIST digit before it is drawn (a writer's habits, say). */
export type DigitTransform = (pixels: Uint8Array, label: number, rng: Rng) => Uint8Array;

/**
 * The handwriting layer of a page: ink coverage (0 = none, 255 = full) at page size. Strokes that overlap keep
 * the darker coverage, as two pen strokes do.
 */
export class InkLayer {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height);
  }

  /** Draws a coverage patch with its top-left corner at (x, y); returns the box of its solid ink (≥ 50%). */
  stamp(patch: Patch, x: number, y: number): Box {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -1;
    let y1 = -1;
    for (let r = 0; r < patch.height; r++) {
      const py = y + r;
      if (py < 0 || py >= this.height) continue;
      for (let c = 0; c < patch.width; c++) {
        const px = x + c;
        const v = patch.data[r * patch.width + c];
        if (px < 0 || px >= this.width || !v) continue;
        const i = py * this.width + px;
        if (v > this.data[i]) this.data[i] = v;
        if (v >= 128) {
          x0 = Math.min(x0, px);
          y0 = Math.min(y0, py);
          x1 = Math.max(x1, px);
          y1 = Math.max(y1, py);
        }
      }
    }
    return x1 < 0 ? [x, y, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
  }

  /** A round-nibbed stroke from (ax, ay) to (bx, by), `width` pixels wide, anti-aliased. */
  stroke(ax: number, ay: number, bx: number, by: number, width: number): void {
    const r = width / 2;
    const minX = Math.floor(Math.min(ax, bx) - r - 1);
    const maxX = Math.ceil(Math.max(ax, bx) + r + 1);
    const minY = Math.floor(Math.min(ay, by) - r - 1);
    const maxY = Math.ceil(Math.max(ay, by) + r + 1);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    for (let y = Math.max(0, minY); y <= Math.min(this.height - 1, maxY); y++) {
      for (let x = Math.max(0, minX); x <= Math.min(this.width - 1, maxX); x++) {
        const t = Math.max(0, Math.min(1, ((x + 0.5 - ax) * dx + (y + 0.5 - ay) * dy) / len2));
        const d = Math.hypot(x + 0.5 - (ax + t * dx), y + 0.5 - (ay + t * dy));
        const v = Math.round(255 * Math.max(0, Math.min(1, r + 0.5 - d)));
        const i = y * this.width + x;
        if (v > this.data[i]) this.data[i] = v;
      }
    }
  }
}

export interface Patch {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A digit drawn from the bank, with the index of its MNIST image when it was drawn unchanged. */
export interface DrawnDigit extends Patch {
  mnist?: number;
}

/** MNIST digits grouped by label (all of a set, or the given indices), to draw a random digit of a given label. */
export class DigitBank {
  private readonly byLabel: number[][] = Array.from({ length: 10 }, () => []);
  private readonly transform: DigitTransform | undefined;

  constructor(
    private readonly set: MnistSet,
    o: { indices?: ArrayLike<number>; transform?: DigitTransform } = {},
  ) {
    const indices = o.indices ?? Array.from({ length: set.count }, (_, i) => i);
    for (let k = 0; k < indices.length; k++) this.byLabel[set.labels[indices[k]]].push(indices[k]);
    this.transform = o.transform;
  }

  /**
   * A random MNIST digit of `label`, scaled so its ink is `height` pixels tall, cropped to its ink. Bilinear
   * upscaling leaves soft edges; a contrast curve gives back the look of a pen stroke.
   */
  draw(label: number, height: number, rng: Rng): DrawnDigit {
    const idx = rng.pick(this.byLabel[label]);
    const raw = this.set.pixels.subarray(idx * 784, idx * 784 + 784);
    const src = this.transform ? this.transform(raw, label, rng) : raw;
    let top = 28;
    let bottom = -1;
    let left = 28;
    let right = -1;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        if (src[y * 28 + x] < 40) continue;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    const scale = height / (bottom - top + 1);
    const w = Math.max(1, Math.round((right - left + 1) * scale));
    const h = Math.max(1, Math.round(height));
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      const sy = top + (y + 0.5) / scale - 0.5;
      for (let x = 0; x < w; x++) {
        const sx = left + (x + 0.5) / scale - 0.5;
        const v = bilinear(src, sx, sy);
        data[y * w + x] = Math.max(0, Math.min(255, Math.round((v - 50) * 1.6)));
      }
    }
    return { width: w, height: h, data, mnist: this.transform ? undefined : idx };
  }
}

function bilinear(src: Uint8Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const tx = x - x0;
  const ty = y - y0;
  const at = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx > 27 || yy > 27 ? 0 : src[yy * 28 + xx]);
  return (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
}
