import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecognizer, SHIPPED_MODEL_PATH, type LoadedRecognizer } from '../../engine/node/load';
import { loadMnist } from '../../engine/node/mnist';
import { readScan, type ReadField } from '../../main/segmentation';
import { evaluateCorpus } from '../../main/eval/evaluate';
import { matchBoxes } from '../../main/eval/metrics';
import { writeCorpus } from '../../main/synth/corpus';
import { writeString } from '../../main/synth/handwriting';
import { DigitBank, InkLayer } from '../../main/synth/ink';
import { PrintPen } from '../../main/synth/print';
import { Rng } from '../../main/synth/rng';
import { randomScanStyle, scanPage } from '../../main/synth/scan';
import type { TruthFile } from '../../main/synth/truth';
import { tempDir } from './helpers';

// Reading needs a trained model: the shipped one, or another named by DIGITREAD_TEST_MODEL. Without one
// (before the first training run) these tests are skipped.
const MODEL = process.env.DIGITREAD_TEST_MODEL ?? SHIPPED_MODEL_PATH;

describe.skipIf(!existsSync(MODEL))('readScan with a trained LeNet-5', () => {
  let recognizer: LoadedRecognizer;
  let dir: string;
  let done: () => Promise<void>;
  beforeAll(async () => {
    recognizer = await loadRecognizer({ modelPath: MODEL });
    ({ dir, done } = await tempDir());
  });
  afterAll(async () => {
    recognizer?.destroy();
    await done();
  });

  function checkField(f: ReadField): void {
    expect(f.digits.length).toBeGreaterThan(0);
    let product = 1;
    for (const d of f.digits) {
      expect(d.input.length).toBe(1024);
      expect(d.probabilities.length).toBe(10);
      expect(d.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(d.label).toBe(d.probabilities.indexOf(Math.max(...d.probabilities)));
      expect(d.confidence).toBe(d.probabilities[d.label]);
      expect(d.crop.data.length).toBe(d.crop.width * d.crop.height);
      product *= d.confidence;
    }
    // The digits' probabilities, lowered by doubt about the cuts (the best of at most 8 readings has at least
    // 1/8 of their probability, counted to the power 0.5, in each of at most two paths: dollars and cents), by
    // a peeled-off mark's share against the reading without it (to the power 0.5 too; 8⁻² leaves room for
    // all three), a tenth at most for an amount with no decimal mark, and a hundredth of that for a zip code of
    // a length no zip code has.
    expect(f.confidence).toBeLessThanOrEqual(product + 1e-9);
    const wrongCount = f.kind === 'zip' && f.digits.length !== 5 && f.digits.length !== 9 ? 0.01 : 1;
    expect(f.confidence).toBeGreaterThanOrEqual(0.1 * 8 ** -2 * wrongCount * product - 1e-9);
  }

  for (const kind of ['cheque', 'zip', 'digits'] as const) {
    it(`reads ${kind} scans: digits where the truth has them, mostly right`, async () => {
      const out = join(dir, kind);
      await writeCorpus({ out, kind, count: kind === 'digits' ? 2 : 3, seed: 21, dpi: 300 });
      let truthDigits = 0;
      let found = 0;
      let fields = 0;
      let right = 0;
      for (const f of (await readdir(out)).filter((n) => n.endsWith('.json'))) {
        const truth = JSON.parse(await readFile(join(out, f), 'utf8')) as TruthFile;
        const [page] = await readScan({ file: join(out, truth.image) }, { kind, recognizer });
        page.fields.forEach(checkField);
        const t = truth.fields.flatMap((x) => x.digits);
        truthDigits += t.length;
        found += matchBoxes(
          t.map((d) => d.box),
          page.fields.flatMap((x) => x.digits.map((d) => d.box)),
        ).length;
        for (const tf of truth.fields) {
          fields++;
          if (page.fields.some((x) => x.text.replace(',', '.') === tf.text.replace(',', '.'))) right++;
        }
        if (kind === 'zip') expect(page.fields[0].text).toMatch(/^\d{5}(-\d{4})?$/);
        // An amount read with a decimal mark has two digits of cents after it.
        if (kind === 'cheque') expect(page.fields[0].text).toMatch(/^\d+([.,]\d\d)?$/);
      }
      expect(found / truthDigits).toBeGreaterThanOrEqual(0.9);
      expect(right / fields).toBeGreaterThanOrEqual(0.5);
    });
  }

  it('cuts touching digits apart and lets the recogniser choose the cuts', async () => {
    const bank = new DigitBank(await loadMnist('test'));
    const rng = new Rng(99);
    const dpi = 300;
    const ink = new InkLayer(5 * dpi, 1.5 * dpi);
    const { field } = writeString(ink, bank, rng, '40817', { x: 0.5 * dpi, baseline: 1 * dpi, height: 0.3 * dpi, pen: 4, touching: 1 });
    const style = { ...randomScanStyle(rng), rotation: 1, format: 'png' as const };
    const scan = await scanPage({ width: ink.width, height: ink.height, dpi, paper: [250, 250, 250], print: '', ink, inkColour: [20, 20, 30] }, style, rng);
    const file = join(dir, 'touching.png');
    await writeFile(file, scan.data);
    const [page] = await readScan({ file }, { kind: 'zip', recognizer });
    expect(page.fields).toHaveLength(1);
    expect(page.fields[0].digits).toHaveLength(5);
    const boxes = field.digits.map((d) => scan.mapBox(d.box));
    expect(matchBoxes(boxes, page.fields[0].digits.map((d) => d.box)).length).toBeGreaterThanOrEqual(4);
  });

  it('reads every cell of a printed comb, a small digit in the corner of the last one too', async () => {
    const bank = new DigitBank(await loadMnist('test'));
    const rng = new Rng(7);
    const dpi = 200;
    const pen = new PrintPen(dpi);
    const ink = new InkLayer(pen.size(2.6), pen.size(1));
    const [x0, top, cw, ch] = [0.25, 0.3, 0.32, 0.4];
    for (let i = 0; i < 5; i++) pen.rect(x0 + i * cw, top, cw, ch, 0.01);
    for (const [i, label] of [3, 8, 2, 6, 3].entries()) {
      // Four digits fill their cells; the last, under half their height (too small to join their string),
      // sits down in its cell's right corner.
      const h = i < 4 ? 0.28 : 0.11;
      const patch = bank.draw(label, pen.px(h), rng);
      const x = i < 4 ? pen.px(x0 + (i + 0.5) * cw) - patch.width / 2 : pen.px(x0 + (i + 1) * cw - 0.03) - patch.width;
      ink.stamp(patch, Math.round(x), Math.round(pen.px(i < 4 ? top + (ch - h) / 2 : top + ch - h - 0.03)));
    }
    const style = { ...randomScanStyle(rng), rotation: 0, format: 'png' as const };
    const scan = await scanPage({ width: ink.width, height: ink.height, dpi, paper: [250, 250, 250], print: pen.svg(), ink, inkColour: [20, 20, 30] }, style, rng);
    const file = join(dir, 'comb.png');
    await writeFile(file, scan.data);
    const [page] = await readScan({ file }, { kind: 'zip', recognizer });
    const digits = page.fields[0].digits;
    expect(digits).toHaveLength(5);
    const last = scan.mapBox([pen.px(x0 + 4 * cw), pen.px(top), pen.px(cw), pen.px(ch)]);
    expect(digits[4].box[0]).toBeGreaterThan(last[0]);
  });

  it('reads a known number of digits, in place of the counts the kind allows; an amount keeps two cents', async () => {
    const out = join(dir, 'known-count');
    const [name] = await writeCorpus({ out, kind: 'cheque', count: 1, seed: 21, dpi: 300 });
    const read = async (digits?: number) => (await readScan({ file: join(out, name) }, { kind: 'cheque', recognizer, digits }))[0].fields[0];
    const free = await read();
    expect(free.text).toMatch(/^\d+[.,]\d\d$/);
    const more = free.digits.length + 1;
    const forced = await read(more);
    expect(forced.digits).toHaveLength(more);
    expect(forced.text).toMatch(new RegExp(`^\\d{${more - 2}}[.,]\\d\\d$`));
  });

  it('evaluates a corpus, and reads its true fields from their own MNIST images beside it', async () => {
    const out = join(dir, 'eval');
    await writeCorpus({ out, kind: 'zip', count: 3, seed: 5, dpi: 200 });
    const report = await evaluateCorpus(out, { recognizer });
    expect(report.fields).toBe(3);
    expect(report.segmentation.recall).toBeGreaterThanOrEqual(0.9);
    const alone = report.recognizer_alone!;
    // MNIST test digits as MNIST has them: the shipped model reads 99.3% of them right.
    expect(alone.digit_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(alone.field_exact_match).toBeGreaterThanOrEqual(2 / 3);
    // Digits reshaped by a writer's habits are no MNIST images: there is nothing to read alone.
    const habits = join(dir, 'eval-habits');
    await writeCorpus({ out: habits, kind: 'zip', count: 1, seed: 5, dpi: 200, style: 'habits' });
    expect((await evaluateCorpus(habits, { recognizer })).recognizer_alone).toBeUndefined();
  });

  it("tells a cheque from a zip code with kind 'auto'", async () => {
    for (const kind of ['cheque', 'zip'] as const) {
      const out = join(dir, `auto-${kind}`);
      const [name] = await writeCorpus({ out, kind, count: 1, seed: 3, dpi: 200 });
      const [page] = await readScan({ file: join(out, name) }, { kind: 'auto', recognizer });
      expect(page.fields.map((f) => f.kind)).toEqual([kind]);
    }
  });
});
