import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist, type MnistSplit } from '../../engine/node/mnist';
import { mnistSplitOrder } from '../../engine/node/mnist-split';
import type { DocumentKind } from '../segmentation';
import { withHabit, type DigitStyle } from './habits';
import { DigitBank } from './ink';
import { DPIS, makeLayout } from './layouts';
import { Rng } from './rng';
import { randomScanStyle, scanPage, type ImageFormat } from './scan';
import type { TruthFile } from './truth';

export interface CorpusOptions {
  out: string;
  kind: DocumentKind;
  count: number;
  seed: number;
  /** Force one resolution or one file format instead of drawing them. */
  dpi?: number;
  format?: ImageFormat;
  /** How the digits are written: as MNIST has them, or with a writer's habits (habits.ts). */
  style?: DigitStyle;
  /**
   * Which MNIST digits to draw from: the test set (default); the training digits `npm run train` holds out
   * for validation, for scans that must not share digits with a test-digit corpus; or the training part, for
   * scans the recogniser learns from (`npm run harvest`).
   */
  digits?: DigitSource;
  onImage?: (done: number) => void;
}

export const DIGIT_SOURCES = ['test', 'validation', 'train'] as const;
export type DigitSource = (typeof DIGIT_SOURCES)[number];

/** The MNIST file each source's digits are in. */
const MNIST_FILE: Record<DigitSource, MnistSplit> = { test: 'test', validation: 'train', train: 'train' };

export async function digitBank(source: DigitSource, style: DigitStyle): Promise<DigitBank> {
  const transform = style === 'habits' ? withHabit : undefined;
  const set = await loadMnist(MNIST_FILE[source]);
  return new DigitBank(set, { indices: source === 'test' ? undefined : mnistSplitOrder()[source], transform });
}

/**
 * Writes `count` synthetic scans and their truth files into `out`. Image i depends only on (seed, i), so a
 * corpus can be regrown or extended. Digits come from the MNIST test set, or from the validation digits.
 */
export async function writeCorpus(o: CorpusOptions): Promise<string[]> {
  await mkdir(o.out, { recursive: true });
  const bank = await digitBank(o.digits ?? 'test', o.style ?? 'mnist');
  const base = new Rng(o.seed);
  const names: string[] = [];
  for (let i = 0; i < o.count; i++) {
    const rng = base.fork(i);
    const dpi = o.dpi ?? rng.pick(DPIS);
    const { page, fields } = makeLayout(o.kind, bank, rng, dpi);
    const style = randomScanStyle(rng);
    if (o.format) style.format = o.format;
    const scan = await scanPage(page, style, rng);
    const name = `${o.kind}-${String(i).padStart(4, '0')}`;
    const image = `${name}.${scan.ext}`;
    const truth: TruthFile = {
      image,
      kind: o.kind,
      dpi,
      width: scan.width,
      height: scan.height,
      rotation: Math.round(style.rotation * 100) / 100,
      mnist: (o.style ?? 'mnist') === 'mnist' ? MNIST_FILE[o.digits ?? 'test'] : undefined,
      fields: fields.map((f) => ({ text: f.text, box: scan.mapBox(f.box), digits: f.digits.map((d) => ({ ...d, box: scan.mapBox(d.box) })) })),
    };
    await writeFile(join(o.out, image), scan.data);
    await writeFile(join(o.out, `${name}.json`), `${JSON.stringify(truth, null, 1)}\n`);
    names.push(image);
    o.onImage?.(i + 1);
  }
  return names;
}
