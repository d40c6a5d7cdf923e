import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeCorpus } from '../../main/synth/corpus';
import type { TruthFile } from '../../main/synth/truth';

/**
 * A folder of real synthetic scans (MNIST test digits on rendered ZIP forms and cheques, as JPEG/PNG/TIFF/WebP),
 * each with its NAME.json truth file beside it, which the pipeline must skip as not an image.
 */
export async function scanFolder(dir: string, o: { zip: number; cheque: number; seed?: number }): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const zip = o.zip ? await writeCorpus({ out: join(dir, 'zip'), kind: 'zip', count: o.zip, seed: o.seed ?? 3 }) : [];
  const cheque = o.cheque ? await writeCorpus({ out: join(dir, 'cheque'), kind: 'cheque', count: o.cheque, seed: o.seed ?? 3 }) : [];
  return [...zip.map((f) => join(dir, 'zip', basename(f))), ...cheque.map((f) => join(dir, 'cheque', basename(f)))];
}

/** The truth text of a synthetic scan's fields. */
export function truthTexts(image: string): string[] {
  const truth = JSON.parse(readFileSync(image.replace(/\.[a-z]+$/, '.json'), 'utf8')) as TruthFile;
  return truth.fields.map((f) => f.text);
}

/** A file named like an image that is not one. */
export function corruptImage(path: string): string {
  writeFileSync(path, 'this is not a PNG');
  return path;
}

/** A model file to test with instead of the shipped one (before engine/models/lenet5.bin exists, or to try another). */
export const TEST_MODEL = process.env.DIGITREAD_TEST_MODEL;
