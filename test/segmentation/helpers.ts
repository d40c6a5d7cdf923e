import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import { loadMnist, type MnistSet } from '../../engine/node/mnist';
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

/** For a suite's tests: MNIST's training digits and a temporary folder, removed after the suite. */
export function useMnistAndDir(): { mnist: MnistSet; dir: string } {
  const ctx = {} as { mnist: MnistSet; dir: string };
  let done = async () => {};
  beforeAll(async () => {
    ctx.mnist = await loadMnist('train');
    ({ dir: ctx.dir, done } = await tempDir());
  });
  afterAll(() => done());
  return ctx;
}

/** For inputs that must fail or hold no digits before anything is classified: reaching the engine is a bug. */
export const unreachableRecognizer: Recognizer = {
  classify() {
    throw new Error('classify() was called for an input that has no digits to read');
  },
};

/** MNIST digits are stamped this many times their size. */
export const SCALE = 3;

/** The first `n` training-set digits of a label (never the test set: those are for measuring). */
export function digitsOf(set: MnistSet, label: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < n; i++) if (set.labels[i] === label) out.push(i);
  return out;
}

/** An MNIST digit enlarged SCALE× (nearest) into canvas `ink` at (x, 0); returns which canvas pixels it inked. */
export function stamp(set: MnistSet, index: number, ink: Uint8Array, width: number, x: number): Uint8Array {
  const mine = new Uint8Array(ink.length);
  for (let y = 0; y < 28 * SCALE; y++) {
    for (let c = 0; c < 28 * SCALE; c++) {
      const v = set.pixels[index * 784 + Math.floor(y / SCALE) * 28 + Math.floor(c / SCALE)];
      if (v < 128) continue;
      ink[y * width + x + c] = 1;
      mine[y * width + x + c] = 1;
    }
  }
  return mine;
}

/** Writes an ink mask as a PNG (black on white) and decodes it again with sharp into an ink mask. */
export async function throughPng(file: string, ink: Uint8Array, width: number, height: number): Promise<BinaryImage> {
  await sharp(Buffer.from(ink.map((v) => (v ? 20 : 245))), { raw: { width, height, channels: 1 } }).png().toFile(file);
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: Uint8Array.from(data, (v) => (v < 128 ? 1 : 0)) };
}
