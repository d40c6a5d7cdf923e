import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../engine/node/mnist';
import { decodeForReading, type DocumentKind } from '../../main/segmentation';
import { unrotateBox } from '../../main/segmentation/deskew';
import type { Box } from '../../main/segmentation/image';
import { locateFields, preparePage } from '../../main/segmentation/page';
import { writeCorpus } from '../../main/synth/corpus';
import type { TruthFile } from '../../main/synth/truth';
import { tempDir } from './helpers';

/** Share of `inner` covered by `outer`. */
function covered(inner: Box, outer: Box): number {
  const ix = Math.max(0, Math.min(inner[0] + inner[2], outer[0] + outer[2]) - Math.max(inner[0], outer[0]));
  const iy = Math.max(0, Math.min(inner[1] + inner[3], outer[1] + outer[3]) - Math.max(inner[1], outer[1]));
  return (ix * iy) / (inner[2] * inner[3]);
}

describe('synthetic corpus', () => {
  let dir: string;
  let done: () => Promise<void>;
  beforeAll(async () => ({ dir, done } = await tempDir()));
  afterAll(() => done());

  it('is reproducible from its seed, and its truth lies inside its images', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const opts = { kind: 'zip' as const, count: 2, seed: 11, dpi: 150 };
    const names = await writeCorpus({ ...opts, out: a });
    await writeCorpus({ ...opts, out: b });
    for (const name of names) expect((await readFile(join(a, name))).equals(await readFile(join(b, name)))).toBe(true);
    const truth = JSON.parse(await readFile(join(a, names[0].replace(/\.\w+$/, '.json')), 'utf8')) as TruthFile;
    expect(truth.kind).toBe('zip');
    expect(truth.fields[0].text).toMatch(/^\d{5}(-\d{4})?$/);
    expect(truth.fields[0].digits.map((d) => d.label).join('')).toBe(truth.fields[0].text.replace('-', ''));
    // Each digit names the MNIST test image it was drawn from.
    expect(truth.mnist).toBe('test');
    const mnist = await loadMnist('test');
    expect(truth.fields[0].digits.map((d) => mnist.labels[d.mnist!])).toEqual(truth.fields[0].digits.map((d) => d.label));
    for (const d of truth.fields[0].digits) {
      expect(d.box[0]).toBeGreaterThanOrEqual(0);
      expect(d.box[0] + d.box[2]).toBeLessThanOrEqual(truth.width);
      expect(d.box[3]).toBeGreaterThan(0.15 * truth.dpi);
    }
  });

  it('honours EXIF orientation: a cheque stored sideways with orientation 6 is read upright', async () => {
    const out = join(dir, 'exif');
    const [name] = await writeCorpus({ out, kind: 'cheque', count: 1, seed: 8, dpi: 200, format: 'png' });
    const upright = await readFile(join(out, name));
    const { width, height } = await sharp(upright).metadata();
    // Stored turned a quarter anticlockwise; orientation 6 tells readers to turn it back clockwise.
    const sideways = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const [{ page, dpi }] = await decodeForReading('sideways.jpg', sideways, 'cheque');
    expect([page.width, page.height]).toEqual([width, height]);
    expect(locateFields(await preparePage(page, dpi), 'cheque')).toHaveLength(1);
  });

  for (const kind of ['cheque', 'zip', 'digits'] as const) {
    it(`locates every ${kind} field of rendered, rotated, noisy scans (no recogniser needed)`, async () => {
      const out = join(dir, kind);
      await writeCorpus({ out, kind, count: 3, seed: 5, dpi: 200 });
      for (const f of (await readdir(out)).filter((n) => n.endsWith('.json'))) {
        const truth = JSON.parse(await readFile(join(out, f), 'utf8')) as TruthFile;
        const [{ page, dpi }] = await decodeForReading(f, await readFile(join(out, truth.image)), kind as DocumentKind);
        const prepared = await preparePage(page, dpi);
        // Deskewing must undo the scanner's rotation.
        expect(Math.abs(prepared.rotation.degrees + truth.rotation)).toBeLessThan(0.3);
        const located = locateFields(prepared, kind);
        // Regions are in deskewed working pixels; truth is in file pixels.
        const regions = located.map((l) => unrotateBox(l.region, prepared.rotation).map((v) => v / page.scale) as Box);
        for (const field of truth.fields) {
          const best = Math.max(...regions.map((r) => covered(field.box, r)));
          expect(best, `${truth.image}: field ${field.text}`).toBeGreaterThan(0.9);
        }
        expect(located.every((l) => l.kind === kind)).toBe(true);
        expect(located.length).toBe(truth.fields.length);
      }
    });
  }
});
