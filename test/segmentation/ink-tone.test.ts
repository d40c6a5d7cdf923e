import { describe, expect, it } from 'vitest';
import { digitCandidates, MAX_SPAN } from '../../main/segmentation/best-path';
import { fieldPieces, type FieldLocation } from '../../main/segmentation/field';
import type { GreyImage } from '../../main/segmentation/image';
import { blank, fillRect } from './helpers';

/** A field holding one upright bar 40 pixels tall: a 3-pixel core of darkness 200 between two edge columns of 90. */
function bar(): { mask: GreyImage; ink: GreyImage; location: FieldLocation } {
  const [width, height] = [30, 60];
  const ink: GreyImage = { width, height, data: new Uint8Array(width * height) };
  for (let y = 10; y < 50; y++) {
    ink.data[y * width + 12] = 90;
    for (let x = 13; x < 16; x++) ink.data[y * width + x] = 200;
    ink.data[y * width + 16] = 90;
  }
  // Darker than 60 is ink, as the page's threshold would have it: the edges are on the mask too.
  const mask = blank(width, height);
  fillRect(mask, 12, 10, 5, 40);
  return { mask, ink, location: { kind: 'digits', region: [0, 0, width, height], keep: [0, 0, width, height] } };
}

describe('the tone of the ink in the inputs', () => {
  it("is full from the field's median ink darkness up, and in proportion below it", () => {
    const { mask, ink, location } = bar();
    const { tone } = fieldPieces(mask, location, ink)!;
    const at = (x: number, y: number) => tone!.data[y * tone!.width + x];
    expect(at(14, 30)).toBe(255);
    expect(at(12, 30)).toBe(Math.round((255 * 90) / 200));
    expect(at(5, 30)).toBe(0);
  });

  it('makes a stroke with faint edges lighter than the same mask read as full ink', () => {
    const { mask, ink, location } = bar();
    const withTone = fieldPieces(mask, location, ink)!;
    const binary = fieldPieces(mask, location)!;
    expect(binary.tone).toBeUndefined();
    const sum = (input: Uint8Array) => input.reduce((s, v) => s + v, 0);
    const [toned] = digitCandidates(withTone.primitives, withTone.height, MAX_SPAN, withTone.tone);
    const [full] = digitCandidates(binary.primitives, binary.height, MAX_SPAN);
    expect(sum(toned.input)).toBeLessThan(0.9 * sum(full.input));
    // The core is as dark either way.
    expect(Math.max(...toned.input)).toBe(255);
  });
});
