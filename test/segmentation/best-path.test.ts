import { describe, expect, it } from 'vitest';
import type { DigitInput, Recognizer } from '../../engine/recognizer';
import { bestPath } from '../../main/segmentation/best-path';
import type { Primitive } from '../../main/segmentation/pieces';

/** A solid block of ink at x, 40 pixels tall: half a digit's width. */
function half(x: number): Primitive {
  return { group: 0, box: [x, 0, 20, 40], ink: { width: 20, height: 40, data: new Uint8Array(800).fill(1) } };
}

/** Columns of the normalized input that hold ink. */
function inkColumns(input: DigitInput): number {
  let n = 0;
  for (let x = 0; x < 32; x++) for (let y = 0; y < 32; y++) if (input[y * 32 + x]) { n++; break; }
  return n;
}

/**
 * Answers a square block (both halves together) with the recogniser's not-a-digit answer, equal
 * probabilities, and a tall half with a doubtful 3 (0.45, or 8 at 0.35).
 */
const recognizer: Recognizer = {
  async classify(inputs) {
    return inputs.map((input) => {
      if (inkColumns(input) > 15) return new Float32Array(10).fill(0.1);
      const p = new Float32Array(10).fill(0.025);
      p[3] = 0.45;
      p[8] = 0.35;
      return p;
    });
  },
};

describe('bestPath', () => {
  it('cuts a piece the recogniser calls not-a-digit into two doubtful digits rather than read it whole', async () => {
    const read = await bestPath([half(0), half(20)], recognizer, { height: 40, counts: [] });
    expect(read.segments.map((s) => s.label)).toEqual([3, 3]);
    expect(read.segments.map((s) => s.box)).toEqual([[0, 0, 20, 40], [20, 0, 20, 40]]);
  });

  it('reads a field that cannot have an allowed number of digits as it is, sure of it at a hundredth at most', async () => {
    const free = await bestPath([half(0), half(20)], recognizer, { height: 40, counts: [] });
    const zip = await bestPath([half(0), half(20)], recognizer, { height: 40, counts: [5, 9] });
    expect(zip.segments.map((s) => s.label)).toEqual(free.segments.map((s) => s.label));
    expect(free.confidence).toBeGreaterThan(0);
    expect(zip.confidence).toBeCloseTo(free.confidence / 100, 12);
  });
});
