import sharp from 'sharp';
import type { Box } from '../segmentation';
import type { InkLayer } from './ink';
import type { Rng } from './rng';

export type Rgb = [number, number, number];
export type ImageFormat = 'jpeg' | 'png' | 'tiff' | 'webp';

/** A page before scanning: printed parts as SVG elements in pixels, handwriting as an ink layer. */
export interface Page {
  width: number;
  height: number;
  dpi: number;
  paper: Rgb;
  /** SVG elements (no <svg> wrapper), drawn over the paper. */
  print: string;
  ink: InkLayer;
  inkColour: Rgb;
}

/** What the scanner and the file do to the page. */
export interface ScanStyle {
  rotation: number;
  blur: number;
  /** Darkening towards the edges and across the page, 0 = even lighting. */
  vignette: number;
  tilt: number;
  noise: number;
  format: ImageFormat;
  quality: number;
}

export function randomScanStyle(rng: Rng): ScanStyle {
  const r = rng.next();
  const format: ImageFormat = r < 0.6 ? 'jpeg' : r < 0.8 ? 'png' : r < 0.9 ? 'tiff' : 'webp';
  return {
    rotation: rng.uniform(-3, 3),
    blur: rng.uniform(0.3, 1.0),
    vignette: rng.uniform(0, 0.35),
    tilt: rng.uniform(-0.15, 0.15),
    noise: rng.uniform(2, 10),
    format,
    quality: rng.int(55, 92),
  };
}

export interface Scan {
  data: Buffer;
  ext: string;
  width: number;
  height: number;
  /** Maps a box on the page to the bounding box of where it lies in the scan. */
  mapBox(box: Box): Box;
}

/** Renders the page, rotates, blurs, lights unevenly, adds noise, and encodes it, all with `rng`'s numbers. */
export async function scanPage(page: Page, style: ScanStyle, rng: Rng): Promise<Scan> {
  const { width, height } = page;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${hex(page.paper)}"/>${page.print}</svg>`;
  const inkRgba = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < page.ink.data.length; i++, j += 4) {
    inkRgba[j] = page.inkColour[0];
    inkRgba[j + 1] = page.inkColour[1];
    inkRgba[j + 2] = page.inkColour[2];
    inkRgba[j + 3] = page.ink.data[i];
  }
  const flat = await sharp(Buffer.from(svg))
    .composite([{ input: inkRgba, raw: { width, height, channels: 4 } }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const paper = { r: page.paper[0], g: page.paper[1], b: page.paper[2] };
  const turned = await sharp(flat.data, { raw: { width, height, channels: 3 } })
    .rotate(style.rotation, { background: paper })
    .blur(style.blur)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const W = turned.info.width;
  const H = turned.info.height;
  const px = turned.data;
  const cx = rng.uniform(0.3, 0.7);
  const cy = rng.uniform(0.3, 0.7);
  // Gaussian noise from a table of normal draws picked by a cheap generator: drawing millions of normals with
  // Box–Muller is most of the time of a 600-dpi page.
  const table = new Float32Array(1 << 16).map(() => rng.normal() * style.noise);
  let pick = (rng.next() * 0xffffffff) >>> 0 || 1;
  for (let y = 0; y < H; y++) {
    const v = y / H - cy;
    for (let x = 0; x < W; x++) {
      const u = x / W - cx;
      const light = 1 - style.vignette * (u * u + v * v) * 2 - style.tilt * (x / W - 0.5);
      pick ^= pick << 13;
      pick ^= pick >>> 17;
      pick ^= pick << 5;
      const n = table[pick & 0xffff];
      const i = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) px[i + c] = clamp(px[i + c] * light + n);
    }
  }
  let out = sharp(px, { raw: { width: W, height: H, channels: 3 } }).withDensity(page.dpi);
  out =
    style.format === 'jpeg'
      ? out.jpeg({ quality: style.quality })
      : style.format === 'png'
        ? out.png({ compressionLevel: 6 })
        : style.format === 'tiff'
          ? out.tiff({ compression: 'lzw' })
          : out.webp({ quality: style.quality });
  const a = (style.rotation * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const mapPoint = (x: number, y: number): [number, number] => {
    const dx = x - width / 2;
    const dy = y - height / 2;
    return [dx * cos - dy * sin + W / 2, dx * sin + dy * cos + H / 2];
  };
  return {
    data: await out.toBuffer(),
    ext: style.format === 'jpeg' ? 'jpg' : style.format === 'tiff' ? 'tif' : style.format,
    width: W,
    height: H,
    mapBox: ([x, y, w, h]) => {
      const pts = [mapPoint(x, y), mapPoint(x + w, y), mapPoint(x, y + h), mapPoint(x + w, y + h)];
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const x0 = Math.min(...xs);
      const y0 = Math.min(...ys);
      return [round1(x0), round1(y0), round1(Math.max(...xs) - x0), round1(Math.max(...ys) - y0)];
    },
  };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Escapes text for an SVG text node. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
