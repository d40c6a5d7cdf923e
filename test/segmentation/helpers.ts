import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Recognizer } from '../../engine/recognizer';
import type { BinaryImage } from '../../main/segmentation/image';

/** A binary image from rows of text: '#' is ink, anything else paper. */
export function maskFrom(rows: string[]): BinaryImage {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((ch, x) => (data[y * width + x] = ch === '#' ? 1 : 0)));
  return { width, height, data };
}

export function blank(width: number, height: number): BinaryImage {
  return { width, height, data: new Uint8Array(width * height) };
}

export function fillRect(img: BinaryImage, x: number, y: number, w: number, h: number, v = 1): void {
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) img.data[r * img.width + c] = v;
}

export async function tempDir(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'digitread-seg-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

/** For inputs that must fail or hold no digits before anything is classified: reaching the engine is a bug. */
export const unreachableRecognizer: Recognizer = {
  classify() {
    throw new Error('classify() was called for an input that has no digits to read');
  },
};
