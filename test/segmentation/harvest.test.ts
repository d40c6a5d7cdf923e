import { describe, expect, it } from 'vitest';
import { NOT_A_DIGIT } from '../../engine/data/dataset';
import { readDigitSet, writeDigitSet } from '../../engine/node/digit-set-files';
import { harvestCandidates } from '../../main/synth/harvest';
import { tempDir } from './helpers';

describe("harvesting the segmenter's candidates from synthetic scans", () => {
  it('labels nearly every written digit, finds pieces that are no digit, and round-trips through IDX files', async () => {
    // One zip form, one cheque and one digit sheet, rendered, encoded, decoded by sharp and segmented.
    const set = await harvestCandidates({ count: 3, seed: 5 });
    expect(set.count).toBe(set.digits + set.notDigits);
    expect(set.digits).toBeGreaterThan(20);
    expect(set.notDigits).toBeGreaterThan(5);
    // A truth digit the segmenter never offered as one candidate is rare.
    expect(set.unmatched).toBeLessThanOrEqual(Math.ceil(0.05 * set.digits));
    expect(Math.max(...set.labels)).toBe(NOT_A_DIGIT);
    // Every candidate is a normalized input, as MNIST's: its ink's centre of mass at the centre, its longer side 20 pixels.
    for (let i = 0; i < set.count; i++) {
      const input = set.pixels.subarray(i * 1024, (i + 1) * 1024);
      let [mass, mx, my, x0, x1, y0, y1] = [0, 0, 0, 32, -1, 32, -1];
      input.forEach((v, k) => {
        if (!v) return;
        const [x, y] = [k % 32, Math.floor(k / 32)];
        [mass, mx, my] = [mass + v, mx + v * x, my + v * y];
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      });
      expect(Math.abs(mx / mass - 16)).toBeLessThan(1);
      expect(Math.abs(my / mass - 16)).toBeLessThan(1);
      expect(Math.max(x1 - x0, y1 - y0) + 1).toBeGreaterThanOrEqual(19);
      expect(Math.max(x1 - x0, y1 - y0) + 1).toBeLessThanOrEqual(21);
    }

    const { dir, done } = await tempDir();
    try {
      await writeDigitSet(dir, set);
      const back = await readDigitSet(dir);
      expect(back.count).toBe(set.count);
      expect(Array.from(back.labels)).toEqual(Array.from(set.labels));
      expect(Buffer.from(back.pixels).equals(Buffer.from(set.pixels))).toBe(true);
    } finally {
      await done();
    }
  });
});
