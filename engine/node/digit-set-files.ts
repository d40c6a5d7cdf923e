/** A DigitSet on disk as a pair of IDX files (32×32 images, labels 0-9 or NOT_A_DIGIT), as `npm run harvest` writes them. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOT_A_DIGIT, type DigitSet } from '../data/dataset';
import { formatIdxImages, formatIdxLabels, parseIdxImages, parseIdxLabels } from '../data/idx';
import { writeFileAtomic } from './files';

const IMAGES = 'images-idx3-ubyte';
const LABELS = 'labels-idx1-ubyte';

export async function writeDigitSet(dir: string, set: DigitSet): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, IMAGES), formatIdxImages({ count: set.count, rows: 32, cols: 32, pixels: set.pixels }));
  await writeFileAtomic(join(dir, LABELS), formatIdxLabels(set.labels.subarray(0, set.count)));
}

export async function readDigitSet(dir: string): Promise<DigitSet> {
  const read = async (name: string) => {
    try {
      return new Uint8Array(await readFile(join(dir, name)));
    } catch (err) {
      throw new Error(`Cannot read ${join(dir, name)} (${(err as NodeJS.ErrnoException).code ?? String(err)}); write the set with npm run harvest`);
    }
  };
  const images = parseIdxImages(await read(IMAGES), join(dir, IMAGES));
  const labels = parseIdxLabels(await read(LABELS), join(dir, LABELS), NOT_A_DIGIT);
  if (images.rows !== 32 || images.cols !== 32) throw new Error(`Expected 32×32 images in ${join(dir, IMAGES)} but received ${images.rows}×${images.cols}`);
  if (labels.length !== images.count) throw new Error(`${dir}: ${images.count} images but ${labels.length} labels`);
  return { count: images.count, pixels: images.pixels, labels };
}
