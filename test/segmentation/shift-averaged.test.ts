import { describe, expect, it } from 'vitest';
import type { Recognizer } from '../../engine/recognizer';
import { classifyShiftAveraged } from '../../main/segmentation/shift-averaged';

/**
 * Reads the place of the only ink pixel, so that every shift shows in the answer: near row 16 it answers
 * class (column − 10 + 3 × (row − 16)) or 9 at even odds (in doubt); in row 5, class (column − 10) for certain.
 */
const whereIsTheInk: Recognizer = {
  async classify(inputs) {
    return inputs.map((input) => {
      const at = input.indexOf(255);
      const [row, column] = [Math.floor(at / 32), at % 32];
      const p = new Float32Array(10);
      if (row === 5) p[column - 10] = 1;
      else {
        p[column - 10 + 3 * (row - 16)] = 0.5;
        p[9] = 0.5;
      }
      return p;
    });
  },
};

function dot(row: number, column: number): Uint8Array {
  const input = new Uint8Array(1024);
  input[row * 32 + column] = 255;
  return input;
}

const rounded = (p: Float32Array) => [...p].map((v) => Math.round(v * 100) / 100);

describe('classifyShiftAveraged', () => {
  it('averages a doubtful answer over the input and its shifts by one pixel left, right, up and down', async () => {
    // Class 4 at row 16, column 14; a column either way is 3 or 5, a row up or down 1 or 7.
    const [p] = await classifyShiftAveraged(whereIsTheInk, [dot(16, 14)]);
    expect(rounded(p)).toEqual([0, 0.1, 0, 0.1, 0.1, 0.1, 0, 0.1, 0, 0.5]);
  });

  it('keeps a sure answer as it is', async () => {
    const [sure, doubtful] = await classifyShiftAveraged(whereIsTheInk, [dot(5, 14), dot(16, 14)]);
    expect(rounded(sure)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(doubtful[9]).toBeCloseTo(0.5);
  });
});
