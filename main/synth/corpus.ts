import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMnist } from '../../engine/node/mnist';
import type { DocumentKind } from '../segmentation';
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
  onImage?: (done: number) => void;
}

/**
 * Writes `count` synthetic scans and their truth files into `out`. Image i depends only on (seed, i), so a
 * corpus can be regrown or extended. Digits come from the MNIST test set only.
 */
export async function writeCorpus(o: CorpusOptions): Promise<string[]> {
  await mkdir(o.out, { recursive: true });
  const bank = new DigitBank(await loadMnist('test'));
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
      fields: fields.map((f) => ({ text: f.text, box: scan.mapBox(f.box), digits: f.digits.map((d) => ({ box: scan.mapBox(d.box), label: d.label })) })),
    };
    await writeFile(join(o.out, image), scan.data);
    await writeFile(join(o.out, `${name}.json`), `${JSON.stringify(truth, null, 1)}\n`);
    names.push(image);
    o.onImage?.(i + 1);
  }
  return names;
}
