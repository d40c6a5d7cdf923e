/** A one-channel 8-bit image, row-major. What the values mean depends on the use (grey scan or ink mask). */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** An ink mask: 1 where there is ink, 0 elsewhere. */
export type BinaryImage = GreyImage;

export type Box = [x: number, y: number, w: number, h: number];

export function cropImage(img: GreyImage, [x, y, w, h]: Box): GreyImage {
  const data = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    const sy = y + r;
    if (sy < 0 || sy >= img.height) continue;
    for (let c = 0; c < w; c++) {
      const sx = x + c;
      if (sx >= 0 && sx < img.width) data[r * w + c] = img.data[sy * img.width + sx];
    }
  }
  return { width: w, height: h, data };
}

/** Clips a box to an image of the given size; may return a box with zero width or height. */
export function clipBox([x, y, w, h]: Box, width: number, height: number): Box {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(width, Math.ceil(x + w));
  const y1 = Math.min(height, Math.ceil(y + h));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/** The x of a box's centre. */
export function centreX(b: Box): number {
  return b[0] + b[2] / 2;
}

/** The y of a box's centre. */
export function centreY(b: Box): number {
  return b[1] + b[3] / 2;
}

export function unionBox(a: Box, b: Box): Box {
  const x0 = Math.min(a[0], b[0]);
  const y0 = Math.min(a[1], b[1]);
  const x1 = Math.max(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.max(a[1] + a[3], b[1] + b[3]);
  return [x0, y0, x1 - x0, y1 - y0];
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}
