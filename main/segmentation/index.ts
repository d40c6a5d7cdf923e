/**
 * Scan segmentation: from an image file to the handwritten digits on it, ready for the engine.
 *
 * decode (sharp: every page, EXIF orientation, green channel as grey, shrunk to 150 dpi) → flatten lighting →
 * deskew (projection profile) → threshold → find and remove ruled lines → locate fields by kind (the cheque's
 * "$" box; handwriting strings for zip codes and digit sheets) → cut each field into primitives (components,
 * joined fragments, bent cuts through wide pieces) → normalize every run of primitives MNIST's way → the
 * engine scores them all in one batch → the best path through them (dynamic programming) gives the digits,
 * and the runners-up how sure the field is.
 */
import { readFile } from 'node:fs/promises';
import type { Recognizer } from '../../engine/recognizer';
import { decodePages, DecodeError, type DecodedPage } from './decode';
import { dpiFromHandwriting, readPage, WORK_DPI } from './page';
import type { DocumentKind, ReadPage } from './types';

export type { Box, DocumentKind, ReadDigit, ReadField, ReadPage } from './types';
export { readsWithCommittee } from './field';
export { normalizeDigit } from './normalize';

/** A scan that cannot be read at all; `reason` says why in words a person can act on. */
export class ScanError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ScanError';
  }
}

export interface ReadOptions {
  kind: DocumentKind | 'auto';
  recognizer: Recognizer;
  signal?: AbortSignal;
  /**
   * The number of digits each field is known to have (from a keyed label): it replaces the counts the kind
   * allows. Where the pieces cannot make that many, the field is read as it comes.
   */
  digits?: number;
}

function chequeLike(kind: DocumentKind | 'auto', width: number, height: number): boolean {
  return kind === 'cheque' || (kind === 'auto' && width / height > 1.8 && width / height < 3.2);
}

/**
 * The dpi of a file that does not say: a cheque is about 6 in wide; anything else is first taken as 300 dpi,
 * then measured by its handwriting.
 */
function assumedDpi(kind: DocumentKind | 'auto', width: number, height: number): number {
  return chequeLike(kind, width, height) ? width / 6 : 300;
}

/** A decoded page at the working resolution, with that resolution in dpi. */
export interface WorkingPage {
  page: DecodedPage;
  dpi: number;
}

/** Decodes every page of a file's bytes at the working resolution; a bad file gives a ScanError. */
export async function decodeForReading(file: string, data: Buffer, kind: DocumentKind | 'auto'): Promise<WorkingPage[]> {
  try {
    const dpis: number[] = [];
    const guessed: boolean[] = [];
    let pages = await decodePages(data, ({ width, height, dpi }) => {
      dpis.push(dpi ?? assumedDpi(kind, width, height));
      guessed.push(dpi === undefined && !chequeLike(kind, width, height));
      return WORK_DPI / dpis[dpis.length - 1];
    });
    // Without a dpi in the file, the height of the handwriting tells the scale: decode again at the right one.
    let redo = false;
    for (const [i, page] of pages.entries()) {
      if (!guessed[i]) continue;
      const implied = await dpiFromHandwriting(page, dpis[i] * page.scale);
      if (implied === undefined) continue;
      const source = Math.min(1200, Math.max(75, implied / page.scale));
      if (Math.abs(source / dpis[i] - 1) < 0.1) continue;
      dpis[i] = source;
      redo = true;
    }
    if (redo) pages = await decodePages(data, (_, i) => WORK_DPI / dpis[i]);
    return pages.map((page, i) => ({ page, dpi: dpis[i] * page.scale }));
  } catch (err) {
    if (err instanceof DecodeError) throw new ScanError(file, err.message);
    throw err;
  }
}

/**
 * Reads the handwritten digit fields of every page of a scan. A file that is not a readable image gives a
 * ScanError; a page with no digits gives a page with no fields.
 */
export async function readScan(input: { file: string; data?: Buffer }, opts: ReadOptions): Promise<ReadPage[]> {
  const { file } = input;
  let data = input.data;
  if (!data) {
    try {
      data = await readFile(file);
    } catch (err) {
      throw new ScanError(file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  opts.signal?.throwIfAborted();
  const pages = await decodeForReading(file, data, opts.kind);
  const out: ReadPage[] = [];
  for (const [i, { page, dpi }] of pages.entries()) {
    opts.signal?.throwIfAborted();
    out.push(await readPage(page, i + 1, opts.kind, opts.recognizer, dpi, opts.digits));
  }
  return out;
}
