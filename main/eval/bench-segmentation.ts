import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Recognizer } from '../../engine/recognizer';
import { decodeForReading, readScan, type DocumentKind } from '../segmentation';
import { digitCandidates, MAX_SPAN } from '../segmentation/best-path';
import { fieldPieces } from '../segmentation/field';
import { locateFields, preparePage } from '../segmentation/page';
import { writeCorpus } from '../synth/corpus';

export interface SegmentationBench {
  /** 300-dpi cheques taken from file bytes to the normalized 32×32 inputs of every digit candidate. */
  cheques_per_s: number;
  zips_per_s: number;
  /** Whole reads (segmentation plus the recogniser choosing the best path), when a recogniser is given. */
  read_cheques_per_s?: number;
  read_zips_per_s?: number;
}

const IMAGES = 20;

/** A fixed set of 300-dpi scans, made once per machine (seeded, so always the same images). */
async function benchImages(kind: DocumentKind): Promise<{ file: string; data: Buffer }[]> {
  const dir = join(tmpdir(), `digitread-bench-${kind}-300dpi-v1`);
  const have = await readdir(dir).catch(() => [] as string[]);
  if (have.filter((f) => f.endsWith('.json')).length < IMAGES) await writeCorpus({ out: dir, kind, count: IMAGES, seed: 300, dpi: 300, format: 'jpeg' });
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort();
  return Promise.all(files.map(async (f) => ({ file: join(dir, f), data: await readFile(join(dir, f)) })));
}

/** Decode, deskew, lines, locate, cut and normalize every candidate: all of reading but the recogniser. */
async function segment(kind: DocumentKind, image: { file: string; data: Buffer }): Promise<number> {
  let inputs = 0;
  for (const { page, dpi } of await decodeForReading(image.file, image.data, kind)) {
    const prepared = await preparePage(page, dpi);
    for (const f of locateFields(prepared, kind)) {
      const pieces = fieldPieces(prepared.lines.cleaned, f, prepared.ink);
      if (pieces) inputs += digitCandidates(pieces.primitives, pieces.height, MAX_SPAN, pieces.tone).length;
    }
  }
  return inputs;
}

async function rate(images: { file: string; data: Buffer }[], run: (image: { file: string; data: Buffer }) => Promise<unknown>): Promise<number> {
  await run(images[0]); // warm up
  const started = performance.now();
  for (const image of images) await run(image);
  return Math.round((images.length / ((performance.now() - started) / 1000)) * 10) / 10;
}

/** Images per second for 300-dpi cheques and zip fields; one run (the caller takes the median of several). */
export async function benchSegmentation(recognizer?: Recognizer): Promise<SegmentationBench> {
  const cheques = await benchImages('cheque');
  const zips = await benchImages('zip');
  const out: SegmentationBench = {
    cheques_per_s: await rate(cheques, (im) => segment('cheque', im)),
    zips_per_s: await rate(zips, (im) => segment('zip', im)),
  };
  if (recognizer) {
    out.read_cheques_per_s = await rate(cheques, (im) => readScan(im, { kind: 'cheque', recognizer }));
    out.read_zips_per_s = await rate(zips, (im) => readScan(im, { kind: 'zip', recognizer }));
  }
  return out;
}
