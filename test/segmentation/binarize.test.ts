import { describe, expect, it } from 'vitest';
import { flattenLighting, inkMasks, otsuThreshold } from '../../main/segmentation/binarize';
import { labelComponents } from '../../main/segmentation/components';
import { maskFrom } from './helpers';

describe('flattenLighting + inkMasks', () => {
  it('finds dark strokes on paper whose brightness falls from 250 to 120 across the page', () => {
    const width = 200;
    const height = 100;
    const grey = { width, height, data: new Uint8Array(width * height) };
    const stroke = (x: number, y: number) => (x % 40 >= 18 && x % 40 < 22) || (y >= 48 && y < 52 && x < 100);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const paper = 250 - (130 * x) / width;
        grey.data[y * width + x] = Math.round(stroke(x, y) ? paper * 0.25 : paper);
      }
    }
    const { mask } = inkMasks(flattenLighting(grey, 30), 60);
    let wrong = 0;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (mask.data[y * width + x] !== (stroke(x, y) ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
  });

  it("Otsu's threshold splits a two-level image between the levels", () => {
    const img = { width: 10, height: 10, data: new Uint8Array(100).map((_, i) => (i < 30 ? 200 : 20)) };
    const t = otsuThreshold(img);
    expect(t).toBeGreaterThanOrEqual(20);
    expect(t).toBeLessThan(200);
  });
});

describe('labelComponents', () => {
  it('joins 8-connected pixels, merges a U shape met from two sides, and reports boxes and areas', () => {
    const lab = labelComponents(
      maskFrom([
        '#.#...#..',
        '#.#....#.',
        '###.....#',
        '.........',
        '....##...',
      ]),
    );
    const boxes = lab.components.map((c) => [c.box, c.area]);
    expect(boxes).toEqual([
      [[0, 0, 3, 3], 7],
      [[6, 0, 3, 3], 3],
      [[4, 4, 2, 1], 2],
    ]);
    expect(lab.labels[0]).toBe(lab.labels[2]);
  });
});
