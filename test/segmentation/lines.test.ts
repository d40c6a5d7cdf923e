import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateSkew, rotateImage, unrotateBox } from '../../main/segmentation/deskew';
import { removeLines } from '../../main/segmentation/lines';
import { blank, fillRect } from './helpers';

const opts = { minHorizontal: 60, minVertical: 45, maxThickness: 5, gap: 2 };

describe('removeLines', () => {
  it('removes a ruled line and a box side but keeps a stroke that crosses the line', () => {
    const img = blank(200, 100);
    fillRect(img, 10, 60, 180, 3); // ruled line
    fillRect(img, 150, 5, 3, 50); // vertical box side
    fillRect(img, 50, 40, 4, 40); // a stroke crossing the line
    fillRect(img, 100, 30, 4, 30); // a stroke standing on the line
    const { cleaned, horizontal, vertical } = removeLines(img, opts);
    expect(horizontal.length).toBe(1);
    expect(vertical.length).toBe(1);
    const at = (x: number, y: number) => cleaned.data[y * 200 + x];
    expect(at(20, 61)).toBe(0);
    expect(at(151, 20)).toBe(0);
    for (let y = 40; y < 80; y++) expect(at(51, y)).toBe(1);
    for (let y = 30; y < 60; y++) expect(at(101, y)).toBe(1);
    expect(at(101, 61)).toBe(0);
  });

  it("removes a small box's sides, shorter than a rule must be, where they join its top and bottom; a 1 inside stays", () => {
    const img = blank(240, 80);
    fillRect(img, 10, 10, 200, 2); // a comb's top
    fillRect(img, 10, 45, 200, 2); // and bottom: 35 pixels apart, under minVertical
    for (const x of [10, 60, 110, 160, 208]) fillRect(img, x, 10, 2, 37); // its sides
    fillRect(img, 84, 16, 3, 26); // a 1 inside a cell, touching neither line
    fillRect(img, 134, 16, 3, 31); // a 1 standing on the bottom line
    const { cleaned, vertical } = removeLines(img, opts);
    expect(vertical.length).toBe(5);
    const at = (x: number, y: number) => cleaned.data[y * 240 + x];
    for (const x of [10, 60, 110, 160, 208]) for (let y = 12; y < 45; y++) expect(at(x, y)).toBe(0);
    for (let y = 16; y < 42; y++) expect(at(85, y)).toBe(1);
    for (let y = 16; y < 45; y++) expect(at(135, y)).toBe(1);
  });

  it('leaves short strokes (a 7, a hyphen) alone', () => {
    const img = blank(100, 40);
    fillRect(img, 10, 10, 30, 3);
    fillRect(img, 60, 20, 12, 3);
    expect(removeLines(img, opts).cleaned.data).toEqual(img.data);
  });
});

describe('deskew', () => {
  it('measures the rotation sharp applied to a ruled page and maps boxes back', async () => {
    const width = 600;
    const height = 300;
    const grey = { width, height, data: new Uint8Array(width * height).fill(255) };
    for (const y of [50, 100, 150, 200, 250]) for (let x = 40; x < 560; x++) grey.data[y * width + x] = 0;
    const { data, info } = await sharp(grey.data, { raw: { width, height, channels: 1 } })
      .rotate(2.5, { background: '#ffffff' })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const mask = { width: info.width, height: info.height, data: new Uint8Array(data.length) };
    for (let i = 0; i < data.length; i++) mask.data[i] = data[i] < 128 ? 1 : 0;
    const skew = estimateSkew(mask);
    expect(skew).toBeCloseTo(2.5, 0);
    expect(Math.abs(skew - 2.5)).toBeLessThanOrEqual(0.2);
    const ink = { width: mask.width, height: mask.height, data: mask.data.map((v) => v * 255) };
    const { image, rotation } = rotateImage(ink, -skew, 0);
    // Rotating back makes the ruled lines level again.
    expect(Math.abs(estimateSkew(image))).toBeLessThanOrEqual(0.2);
    // The deskewed page's centre maps back to the skewed page's centre.
    const [x, y, w, h] = unrotateBox([rotation.to.width / 2 - 1, rotation.to.height / 2 - 1, 2, 2], rotation);
    expect(Math.abs(x + w / 2 - mask.width / 2)).toBeLessThan(1.5);
    expect(Math.abs(y + h / 2 - mask.height / 2)).toBeLessThan(1.5);
  });
});
