import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForReading } from '../../main/segmentation';
import { locateFields, preparePage, WORK_DPI } from '../../main/segmentation/page';

const DPI = 200;

/** A plain cheque, 6 × 2.75 in, with the amount box at the given place and a date line at `dateY`, as a PNG. */
async function cheque(box: { x: number; y: number; w: number; h: number }, dateY: number): Promise<Buffer> {
  const px = (inches: number) => Math.round(inches * DPI);
  const line = (x0: number, y0: number, x1: number, y1: number) => `<line x1="${px(x0)}" y1="${px(y0)}" x2="${px(x1)}" y2="${px(y1)}" stroke="#222" stroke-width="3"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${px(6)}" height="${px(2.75)}">
    <rect width="100%" height="100%" fill="#f4f4ef"/>
    <text x="${px(0.35)}" y="${px(0.45)}" font-family="DejaVu Serif" font-size="${px(0.16)}">FIRST NATIONAL BANK</text>
    <text x="${px(3.5)}" y="${px(dateY)}" font-family="DejaVu Sans" font-size="${px(0.08)}">DATE</text>
    ${line(3.9, dateY, 5.8, dateY)}
    <text x="${px(box.x - 0.05)}" y="${px(box.y + box.h * 0.72)}" text-anchor="end" font-family="DejaVu Sans" font-weight="bold" font-size="${px(0.2)}">$</text>
    <rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.w)}" height="${px(box.h)}" fill="none" stroke="#222" stroke-width="3"/>
    ${line(0.35, 1.75, 5.0, 1.75)}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('the cheque amount box', () => {
  for (const [what, dateY] of [
    ['apart from the date line', 0.5],
    ['whose top runs on into the date line', 0.85],
  ] as const) {
    it(`is found ${what}`, async () => {
      const box = { x: 4.45, y: 0.85, w: 1.35, h: 0.45 };
      const [{ page, dpi }] = await decodeForReading('cheque.png', await cheque(box, dateY), 'cheque');
      const fields = locateFields(await preparePage(page, dpi), 'cheque');
      expect(fields).toHaveLength(1);
      // `keep` is the inside of the box, give or take its lines, in working pixels.
      const [x, y, w, h] = fields[0].keep.map((v) => v / WORK_DPI);
      expect(Math.abs(x - box.x)).toBeLessThan(0.06);
      expect(Math.abs(y - box.y)).toBeLessThan(0.06);
      expect(Math.abs(x + w - (box.x + box.w))).toBeLessThan(0.06);
      expect(Math.abs(y + h - (box.y + box.h))).toBeLessThan(0.06);
    });
  }
});
