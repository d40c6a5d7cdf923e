import sharp, { type Metadata, type SharpOptions } from 'sharp';
import type { GreyImage } from './image';

/** Largest page decoded, in pixels: a 600-dpi A3 page is about 70 MP; anything bigger is treated as a bomb. */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Wall-clock limit for one sharp operation, so a hostile file never hangs a read. */
const SHARP_TIMEOUT_S = 30;

export class DecodeError extends Error {}

export interface DecodedPage {
  /** Grey page at the working resolution, 255 = white paper. */
  grey: GreyImage;
  /** Size of the page as stored in the file (after EXIF orientation). */
  width: number;
  height: number;
  /** Working pixels per original pixel (≤ 1). */
  scale: number;
}

/** How much to shrink a page (working pixels per stored pixel), given its size and dpi. */
export type ScaleChooser = (page: { width: number; height: number; dpi: number | undefined }, index: number) => number;

function sharpOptions(page: number): SharpOptions {
  return { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', autoOrient: true, page, pages: 1 };
}

/**
 * Decodes every page of an image (PNG, JPEG, TIFF, WebP, GIF, ...) to grey at a working resolution chosen per
 * page. Throws DecodeError with a reason a person can act on.
 */
export async function decodePages(data: Buffer, chooseScale: ScaleChooser): Promise<DecodedPage[]> {
  if (data.length === 0) throw new DecodeError('empty file (0 bytes)');
  let pages: number;
  try {
    pages = Math.max(1, (await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).pages ?? 1);
  } catch (err) {
    if (describe(err).includes('exceeds pixel limit')) throw new DecodeError(`image too large (over ${MAX_INPUT_PIXELS} pixels)`);
    throw new DecodeError(`not a readable image (${describe(err)})`);
  }
  const out: DecodedPage[] = [];
  for (let page = 0; page < pages; page++) {
    const where = pages > 1 ? ` page ${page + 1} of ${pages}` : '';
    let meta: Metadata;
    try {
      meta = await sharp(data, sharpOptions(page)).metadata();
    } catch (err) {
      throw new DecodeError(`cannot read${where} (${describe(err)})`);
    }
    const { width, height } = meta.autoOrient;
    if (width * height > MAX_INPUT_PIXELS) {
      throw new DecodeError(`image${where} too large (${width}×${height} pixels, limit ${MAX_INPUT_PIXELS})`);
    }
    const dpi = plausibleDpi(meta.density);
    const scale = Math.min(1, chooseScale({ width, height, dpi }, page));
    // Rounding down keeps a 2× shrink at 2× or more, so that JPEG can shrink while decoding.
    const w = Math.max(1, Math.floor(width * scale));
    const h = Math.max(1, Math.floor(height * scale));
    try {
      // One libvips pipeline: decode, orient, flatten transparency, shrink, take one grey channel.
      let pipeline = sharp(data, sharpOptions(page)).timeout({ seconds: SHARP_TIMEOUT_S });
      if (meta.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
      if (w !== width || h !== height) pipeline = pipeline.resize(w, h, { fit: 'fill', kernel: 'linear' });
      // Grey from the green channel: blue, black and red inks are all dark in it, and taking it is much
      // cheaper than a colour-managed conversion to grey. CMYK goes through the conversion.
      pipeline = meta.space === 'cmyk' ? pipeline.toColourspace('b-w') : pipeline.extractChannel((meta.channels ?? 1) - (meta.hasAlpha ? 1 : 0) >= 3 ? 1 : 0);
      const { data: raw, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
      out.push({ grey: firstChannel(raw, info.width, info.height, info.channels), width, height, scale: info.width / width });
    } catch (err) {
      throw new DecodeError(`cannot decode${where} (${describe(err)})`);
    }
  }
  return out;
}

/** Keeps the first channel (sharp may hand back more than one when converting). */
function firstChannel(raw: Buffer, width: number, height: number, channels: number): GreyImage {
  if (channels === 1) return { width, height, data: new Uint8Array(raw.buffer, raw.byteOffset, raw.length) };
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += channels) data[i] = raw[j];
  return { width, height, data };
}

function plausibleDpi(density: number | undefined): number | undefined {
  return density !== undefined && density >= 100 && density <= 1200 ? density : undefined;
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].replace(/^Input (buffer|file) /, '');
}
