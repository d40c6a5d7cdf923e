import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecognizer, SHIPPED_MODEL_PATH, type LoadedRecognizer } from '../../engine/node/load';
import type { MnistSet } from '../../engine/node/mnist';
import { readField, fieldPieces, type FieldLocation, type FieldPieces, type FieldRead } from '../../main/segmentation/field';
import { peelMarks } from '../../main/segmentation/attached-mark';
import type { BinaryImage, Box } from '../../main/segmentation/image';
import { digitsOf, maskFrom, SCALE, stamp, throughPng, useMnistAndDir } from './helpers';

const MODEL = process.env.DIGITREAD_TEST_MODEL ?? SHIPPED_MODEL_PATH;
const SIDE = 28 * SCALE;
/** The point's radius, canvas pixels: about a stroke wide. */
const DOT = 4;

/**
 * The amount "13.76" written with MNIST training digits on a canvas; with `dot`, its point is joined to the 3
 * by a short trail of ink, as a pen that did not lift leaves it, or with `free` stands apart from it. With
 * `speck`, a speck (a corner of the printed box, as scans leave them) lies at the field's right-hand end.
 * Returns the mask as sharp decodes it from a PNG and where the point's centre is.
 */
async function amount(mnist: MnistSet, file: string, o: { dot: boolean; free?: boolean; speck?: boolean }): Promise<{ mask: BinaryImage; centre: [number, number] }> {
  const gap = SIDE / 3;
  const width = 5 * SIDE;
  const ink = new Uint8Array(width * SIDE);
  const three = stamp(mnist, digitsOf(mnist, 3, 1)[0], ink, width, SIDE);
  stamp(mnist, digitsOf(mnist, 1, 1)[0], ink, width, 0);
  stamp(mnist, digitsOf(mnist, 7, 1)[0], ink, width, 2 * SIDE + gap);
  stamp(mnist, digitsOf(mnist, 6, 1)[0], ink, width, 3 * SIDE + gap);
  // The 3's lowest ink on its right-hand side, and its rightmost column.
  let [footX, footY, right] = [0, 0, 0];
  for (let i = 0; i < three.length; i++) {
    if (!three[i]) continue;
    const [x, y] = [i % width, Math.floor(i / width)];
    right = Math.max(right, x);
    if (y > footY || (y === footY && x > footX)) [footX, footY] = [x, y];
  }
  const centre: [number, number] = [right + DOT + (o.free ? 6 : 2), footY - DOT + 1];
  if (o.dot) {
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < width; x++) {
        const inDot = (x - centre[0]) ** 2 + (y - centre[1]) ** 2 <= DOT * DOT;
        // The trail: two rows from the 3's foot to the point.
        const inTrail = !o.free && y >= footY - 2 && y <= footY - 1 && x >= footX && x <= centre[0];
        if (inDot || inTrail) ink[y * width + x] = 1;
      }
  }
  if (o.speck) for (let y = SIDE - 16; y < SIDE - 10; y++) for (let x = width - 8; x < width - 2; x++) ink[y * width + x] = 1;
  return { mask: await throughPng(file, ink, width, SIDE), centre };
}

describe('decimal marks joined to a digit', () => {
  const ctx = useMnistAndDir();

  const location = (mask: BinaryImage): FieldLocation => ({ kind: 'cheque', region: [0, 0, mask.width, mask.height], keep: [0, 0, mask.width, mask.height] });

  /** Checks that the field's one attached mark is the point, and that no primitive left reaches into it. */
  const expectPeeledPoint = (pieces: FieldPieces, centre: [number, number]): void => {
    expect(pieces.attached).toHaveLength(1);
    const [{ mark, primitives }] = pieces.attached;
    const [x, y, w, h] = mark.box;
    expect(centre[0]).toBeGreaterThanOrEqual(x);
    expect(centre[0]).toBeLessThan(x + w);
    expect(centre[1]).toBeGreaterThanOrEqual(y);
    expect(centre[1]).toBeLessThan(y + h);
    for (const p of primitives) expect(p.box[0] + p.box[2] <= x || p.box[0] >= x + w).toBe(true);
  };

  it('peels a point joined to the digit before it, and finds none in an amount without one', async () => {
    const { mnist, dir } = ctx;
    const joined = await amount(mnist, join(dir, 'joined.png'), { dot: true });
    const pieces = fieldPieces(joined.mask, location(joined.mask))!;
    expect(pieces.marks).toEqual([]);
    expectPeeledPoint(pieces, joined.centre);

    const bare = await amount(mnist, join(dir, 'bare.png'), { dot: false });
    expect(fieldPieces(bare.mask, location(bare.mask))!.attached).toEqual([]);
  });

  it("peels a point pressed against a 6's bowl, whose right side also lies low", () => {
    // The 6 and its point as a validation cheque's scan gave them (the amount 6.70), at a digit height of 35.
    const six = maskFrom([
      '..............#####............',
      '.............#######...........',
      '............########...........',
      '...........#########...........',
      '..........#########............',
      '.........#########.............',
      '........#########..............',
      '.......#########...............',
      '.......#########...............',
      '.......########................',
      '......#########................',
      '.....#########.................',
      '.....########..................',
      '....#########..................',
      '...#########...................',
      '...########....................',
      '..#########....................',
      '..########.....................',
      '..########.......###...........',
      '.#####################.........',
      '.#######################.......',
      '#########################......',
      '##########################.....',
      '###########################....',
      '###########################....',
      '###########################....',
      '###############....########....',
      '###############.....#######....',
      '###############.....#######....',
      '##############################.',
      '.##############################',
      '.##############################',
      '..#######################.#####',
      '...#####################....##.',
      '.....##################........',
      '.......#############...........',
    ]);
    const H = 35;
    const point = (b: Box) => (b[2] <= 0.35 * H && b[3] <= 0.35 * H ? '.' : undefined);
    const peeled = peelMarks([0, 0, six.width, six.height], six, { top: -2, bottom: 36, h: 38 }, H, point);
    // The bowl's side is as low as the point, but it rises above it: the point alone is peeled, the 6 kept whole.
    expect(peeled).toHaveLength(1);
    const [{ mark, box }] = peeled;
    expect(mark.box[0]).toBeGreaterThanOrEqual(26);
    expect(mark.box[1]).toBeGreaterThanOrEqual(28);
    expect(box).toEqual([0, 0, mark.box[0], 36]);
  });

  it("still peels the point when a speck at the field's end looks like a mark", async () => {
    const { mnist, dir } = ctx;
    const specked = await amount(mnist, join(dir, 'specked.png'), { dot: true, speck: true });
    const pieces = fieldPieces(specked.mask, location(specked.mask))!;
    // The speck is taken for a mark, but with no digit after it, it is not the amount's.
    expect(pieces.marks).toHaveLength(1);
    expectPeeledPoint(pieces, specked.centre);
  });

  describe.skipIf(!existsSync(MODEL))('with a trained LeNet-5', () => {
    const product = (read: FieldRead) => read.segments.reduce((p, d) => p * d.confidence, 1);
    let recognizer: LoadedRecognizer;
    beforeAll(async () => {
      recognizer = await loadRecognizer({ modelPath: MODEL });
    });
    afterAll(() => recognizer?.destroy());

    it('reads the amount with its mark, where without the peel it would read the digits alone', async () => {
      const { mnist, dir } = ctx;
      const joined = await amount(mnist, join(dir, 'joined-read.png'), { dot: true });
      const bare = await amount(mnist, join(dir, 'bare-read.png'), { dot: false });
      const withMark = (await readField(joined.mask, location(joined.mask), recognizer))!;
      const without = (await readField(bare.mask, location(bare.mask), recognizer))!;
      // The same digits either way; the mark goes before the two cents.
      expect(without.text).toMatch(/^\d{4}$/);
      expect(withMark.text).toBe(`${without.text.slice(0, 2)}.${without.text.slice(2)}`);
      // Four digits and no mark: most likely whole dollars, but a mark may have been missed.
      expect(without.confidence).toBeLessThanOrEqual(0.9 * product(without));
      expect(without.confidence).toBeGreaterThan(0.1 * product(without));
    });

    it('holds five digits read without a mark in strong doubt: such an amount has lost its mark', async () => {
      const { mnist, dir } = ctx;
      const width = 5 * SIDE + 4 * (SIDE / 3);
      const ink = new Uint8Array(width * SIDE);
      [1, 3, 7, 6, 4].forEach((label, k) => stamp(mnist, digitsOf(mnist, label, 1)[0], ink, width, k * (SIDE + SIDE / 3)));
      const mask = await throughPng(join(dir, 'five.png'), ink, width, SIDE);
      const read = (await readField(mask, location(mask), recognizer))!;
      expect(read.text).toMatch(/^\d{5}$/);
      expect(read.confidence).toBeLessThanOrEqual(0.1 * product(read));
    });

    it('is surer of a point standing free than of one peeled off a digit, which could be part of it', async () => {
      const { mnist, dir } = ctx;
      const joined = await amount(mnist, join(dir, 'joined-sure.png'), { dot: true });
      const free = await amount(mnist, join(dir, 'free-sure.png'), { dot: true, free: true });
      const peeled = (await readField(joined.mask, location(joined.mask), recognizer))!;
      const apart = (await readField(free.mask, location(free.mask), recognizer))!;
      expect(fieldPieces(free.mask, location(free.mask))!.marks).toHaveLength(1);
      expect(peeled.text).toBe(apart.text);
      // The digits read alike either way; the peeled reading shares its confidence with the reading without a mark.
      expect(peeled.confidence).toBeLessThan(0.9 * apart.confidence);
    });
  });
});
