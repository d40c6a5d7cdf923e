import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../engine/node/mnist';
import { decodeForReading } from '../../main/segmentation';
import { locateFields, preparePage } from '../../main/segmentation/page';

const SCALE = 2;
const CELL = 28 * SCALE;

describe('locating a zip code', () => {
  it('takes the two halves of a ZIP+4 written with a wide gap as one field', async () => {
    const mnist = await loadMnist('train');
    const first = (label: number) => {
      for (let i = 0; ; i++) if (mnist.labels[i] === label) return i;
    };
    // "8004" and "5184" (training-set digits), two digits' width apart with a hyphen between.
    const xs = [0, 1, 2, 3, 6, 7, 8, 9].map((k) => CELL + k * CELL);
    const labels = [8, 0, 0, 4, 5, 1, 8, 4];
    const width = 13 * CELL;
    const height = 4 * CELL;
    const ink = new Uint8Array(width * height).fill(245);
    labels.forEach((label, k) => {
      const n = first(label);
      for (let y = 0; y < CELL; y++) {
        for (let x = 0; x < CELL; x++) if (mnist.pixels[n * 784 + Math.floor(y / SCALE) * 28 + Math.floor(x / SCALE)] > 127) ink[(CELL + y) * width + xs[k] + x] = 20;
      }
    });
    for (let y = 0; y < 4; y++) for (let x = Math.round(5.7 * CELL); x < 6.3 * CELL; x++) ink[Math.round(1.5 * CELL + y) * width + x] = 20;
    const png = await sharp(Buffer.from(ink), { raw: { width, height, channels: 1 } }).withMetadata({ density: 200 }).png().toBuffer();
    const [{ page, dpi }] = await decodeForReading('zip.png', png, 'zip');
    const fields = locateFields(await preparePage(page, dpi), 'zip');
    expect(fields).toHaveLength(1);
    // The field keeps every digit: from the first one's left to the last one's right (working pixels).
    const [x, , w] = fields[0].keep.map((v) => v / page.scale);
    expect(x).toBeLessThanOrEqual(xs[0] + 0.2 * CELL);
    expect(x + w).toBeGreaterThanOrEqual(xs[7] + 0.8 * CELL);
  });
});

describe('locating strings of digits', () => {
  it('finds a string whose digits all touch, a piece three times as wide as tall', async () => {
    const mnist = await loadMnist('train');
    const zeros: number[] = [];
    for (let i = 0; zeros.length < 4; i++) if (mnist.labels[i] === 0) zeros.push(i);
    const width = 8 * CELL;
    const height = 3 * CELL;
    const ink = new Uint8Array(width * height).fill(245);
    // Each 0 starts where the last one's ink is 85% across, so the four make one piece of ink.
    let at = CELL;
    for (const n of zeros) {
      let x0 = 28;
      let x1 = 0;
      for (let i = 0; i < 784; i++) {
        if (mnist.pixels[n * 784 + i] <= 127) continue;
        x0 = Math.min(x0, i % 28);
        x1 = Math.max(x1, i % 28);
      }
      for (let y = 0; y < CELL; y++) {
        for (let x = x0 * SCALE; x <= x1 * SCALE; x++) if (mnist.pixels[n * 784 + Math.floor(y / SCALE) * 28 + Math.floor(x / SCALE)] > 127) ink[(CELL + y) * width + at + x - x0 * SCALE] = 20;
      }
      at += Math.round(0.85 * (x1 - x0 + 1) * SCALE);
    }
    const png = await sharp(Buffer.from(ink), { raw: { width, height, channels: 1 } }).withMetadata({ density: 200 }).png().toBuffer();
    const [{ page, dpi }] = await decodeForReading('zeros.png', png, 'digits');
    const fields = locateFields(await preparePage(page, dpi), 'digits');
    expect(fields).toHaveLength(1);
    const [x, , w] = fields[0].keep.map((v) => v / page.scale);
    expect(x).toBeLessThanOrEqual(CELL);
    expect(x + w).toBeGreaterThanOrEqual(at);
  });
});
