import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, type MnistSet } from '../../engine/node/mnist';
import { labelComponents } from '../../main/segmentation/components';
import { findCutPaths } from '../../main/segmentation/cut-paths';
import { fieldPieces } from '../../main/segmentation/field';
import { cropImage } from '../../main/segmentation/image';
import { inkBounds } from '../../main/segmentation/normalize';
import { printedLetters } from '../../main/segmentation/printed-text';
import type { DocumentKind } from '../../main/segmentation/types';
import { blank, digitsOf, fillRect, SCALE, stamp, tempDir, throughPng, useMnistAndDir } from './helpers';

describe('findCutPaths', () => {
  const ctx = useMnistAndDir();

  it('parts two overlapping handwritten digits along a bent path better than any straight column', async () => {
    const { mnist, dir } = ctx;
    let pathPurity = 0;
    let columnPurity = 0;
    const pairs = digitsOf(mnist, 0, 6).map((a, k) => [a, digitsOf(mnist, 8, 6)[k]]);
    for (const [k, [a, b]] of pairs.entries()) {
      const width = 2 * 28 * SCALE;
      const height = 28 * SCALE;
      const ink = new Uint8Array(width * height);
      const left = stamp(mnist, a, ink, width, 0);
      // The right digit starts where the left one's ink is 80% across, so their strokes overlap.
      let x1 = 0;
      for (let i = 0; i < left.length; i++) if (left[i]) x1 = Math.max(x1, i % width);
      const right = stamp(mnist, b, ink, width, Math.round(0.8 * x1) - 4 * SCALE);
      const mask = await throughPng(join(dir, `pair-${k}.png`), ink, width, height);
      // Cut the piece as segmentation has it, trimmed to its ink.
      const [x0, , w] = inkBounds(mask)!;
      const piece = cropImage(mask, [x0, 0, w, height]);
      const [path] = findCutPaths(piece, 20 * SCALE, 1).map((p) => p.map((x) => x + x0));
      // Share of each digit's own pixels (not the shared ones) that land on its side.
      const purity = (side: (x: number, y: number) => boolean) => {
        let good = 0;
        let all = 0;
        for (let i = 0; i < ink.length; i++) {
          if (left[i] === right[i] || !mask.data[i]) continue;
          all++;
          if (side(i % width, Math.floor(i / width)) === !!left[i]) good++;
        }
        return good / all;
      };
      pathPurity += purity((x, y) => x < path[y]);
      // What a straight cut does: at the column with the least ink, away from the ends.
      const count = (c: number) => {
        let n = 0;
        for (let y = 0; y < height; y++) n += mask.data[y * width + c];
        return n;
      };
      let thinnest = x0 + 13;
      for (let c = x0 + 13; c < x0 + w - 13; c++) if (count(c) < count(thinnest)) thinnest = c;
      columnPurity += purity((x) => x < thinnest);
    }
    expect(pathPurity / pairs.length).toBeGreaterThan(0.93);
    expect(pathPurity).toBeGreaterThan(columnPurity);
  });

  it('offers no cut in a piece too narrow to hold two digits, and keeps several cuts in order', async () => {
    const { mnist, dir } = ctx;
    const width = 28 * SCALE;
    const ink = new Uint8Array(width * width);
    stamp(mnist, digitsOf(mnist, 1, 1)[0], ink, width, 0);
    const one = await throughPng(join(dir, 'one.png'), ink, width, width);
    const narrow = { width: 8, height: one.height, data: new Uint8Array(8 * one.height) };
    expect(findCutPaths(narrow, 20 * SCALE, 2)).toEqual([]);
    const wide = new Uint8Array(3 * width * width);
    for (const [k, label] of [3, 5, 2].entries()) stamp(mnist, digitsOf(mnist, label, 1)[0], wide, 3 * width, k * Math.round(0.75 * width));
    const three = await throughPng(join(dir, 'three.png'), wide, 3 * width, width);
    const paths = findCutPaths(three, 20 * SCALE, 3);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < paths.length; k++) for (let y = 0; y < three.height; y++) expect(paths[k][y]).toBeGreaterThanOrEqual(paths[k - 1][y]);
  });
});

describe('cuts offered by kind of field', () => {
  const ctx = useMnistAndDir();

  it("offers a touching pair a third cut in zip and amount fields, whose shape weeds out the extra readings, not on digit sheets", async () => {
    const { mnist, dir } = ctx;
    const width = 2 * 28 * SCALE;
    const height = 28 * SCALE;
    const ink = new Uint8Array(width * height);
    stamp(mnist, digitsOf(mnist, 4, 1)[0], ink, width, 0);
    stamp(mnist, digitsOf(mnist, 0, 1)[0], ink, width, Math.round(0.45 * 28 * SCALE));
    const mask = await throughPng(join(dir, 'touching.png'), ink, width, height);
    const pieces = (kind: DocumentKind) => fieldPieces(mask, { kind, region: [0, 0, width, height], keep: [0, 0, width, height], height: 20 * SCALE })!.primitives;
    expect(labelComponents(mask).components.filter((c) => c.area > 50)).toHaveLength(1);
    expect(pieces('digits')).toHaveLength(3);
    expect(pieces('zip')).toHaveLength(4);
    expect(pieces('cheque')).toHaveLength(4);
  });
});

describe('printedLetters', () => {
  it('finds the letters of a printed label that runs into a handwritten digit, and none of the digit', async () => {
    const { dir, done } = await tempDir();
    try {
      const mnist = await loadMnist('train');
      const H = 28 * SCALE;
      const width = 4 * H;
      const ink = new Uint8Array(width * H);
      const digit = stamp(mnist, digitsOf(mnist, 6, 1)[0], ink, width, 2 * H);
      const file = join(dir, 'label.png');
      await sharp(Buffer.from(ink.map((v) => (v ? 20 : 245))), { raw: { width, height: H, channels: 1 } })
        .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}"><text x="${0.2 * H}" y="${H - 6}" font-family="DejaVu Sans" font-size="${0.3 * H}">ZIP CODE</text></svg>`) }])
        .png()
        .toFile(file);
      const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
      const lab = labelComponents({ width: info.width, height: info.height, data: Uint8Array.from(data, (v) => (v < 128 ? 1 : 0)) });
      const letters = printedLetters(lab.components, 20 * SCALE);
      const isDigit = (c: (typeof lab.components)[number]) => {
        for (let i = 0; i < lab.labels.length; i++) if (lab.labels[i] === c.id && digit[i]) return true;
        return false;
      };
      // "ZIP CODE": seven letters, the digit's pieces none of them.
      expect(letters.size).toBe(7);
      for (const c of letters) expect(isDigit(c)).toBe(false);
    } finally {
      await done();
    }
  });

  it('takes letters of the same line a word space on as letters, but not a mark off the line or too far', () => {
    const img = blank(200, 80);
    for (const x of [2, 11, 20]) fillRect(img, x, 50, 7, 10); // a word of three letters
    for (const x of [50, 59]) fillRect(img, x, 50, 7, 10); // two more a word space on (the third cut away)
    fillRect(img, 71, 40, 7, 10); // a small mark above the line
    fillRect(img, 150, 50, 7, 10); // one on the line but far off
    fillRect(img, 90, 20, 20, 40); // a digit
    const lab = labelComponents(img);
    const letters = [...printedLetters(lab.components, 40)].map((c) => c.box[0]).sort((a, b) => a - b);
    expect(letters).toEqual([2, 11, 20, 50, 59]);
  });
});
