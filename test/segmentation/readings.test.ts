import { describe, expect, it } from 'vitest';
import { bestReadings, posteriorOfBest, type Arc } from '../../main/segmentation/readings';

const arc = (from: number, to: number, label: number, p: number): Arc => ({ from, to, label, score: Math.log(p) });
const never = () => -Infinity;

describe('bestReadings', () => {
  // Three primitives: 0 | 1 | 2. Read one by one "17" + "4", or primitives 0-1 joined as a 4.
  const arcs = [arc(0, 1, 1, 0.9), arc(0, 1, 7, 0.1), arc(1, 2, 7, 0.8), arc(1, 2, 1, 0.2), arc(0, 2, 4, 0.6), arc(2, 3, 4, 0.95)];

  it('ranks distinct readings by their summed log-scores, best first', () => {
    const rs = bestReadings(3, arcs, never, [], 10);
    expect(rs[0].text).toBe('174');
    expect(rs[0].score).toBeCloseTo(Math.log(0.9 * 0.8 * 0.95), 9);
    expect(rs.map((r) => r.text)).toEqual(['174', '44', '114', '774', '714']);
    for (let k = 1; k < rs.length; k++) expect(rs[k].score).toBeLessThanOrEqual(rs[k - 1].score);
    expect(rs[0].arcs.map((a) => [a.from, a.to])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('keeps only readings of an allowed length, and at most `keep` of them', () => {
    expect(bestReadings(3, arcs, never, [2], 10).map((r) => r.text)).toEqual(['44']);
    expect(bestReadings(3, arcs, never, [], 2).map((r) => r.text)).toEqual(['174', '44']);
    expect(bestReadings(3, arcs, never, [5], 10)).toEqual([]);
  });

  it("without leading zeros, drops readings like an amount's \"03\" but keeps a lone 0", () => {
    // A 3 whose left half reads as a 0: "03" beats the whole 3 unless a leading zero is ruled out.
    const three = [arc(0, 1, 0, 0.9), arc(1, 2, 3, 0.9), arc(0, 2, 3, 0.5)];
    expect(bestReadings(2, three, never, [], 10).map((r) => r.text)).toEqual(['03', '3']);
    expect(bestReadings(2, three, never, [], 10, false).map((r) => r.text)).toEqual(['3']);
    expect(bestReadings(1, [arc(0, 1, 0, 0.9)], never, [], 10, false).map((r) => r.text)).toEqual(['0']);
  });

  it('leaves a primitive out at its skip score when that reads better, one reading per text', () => {
    // Primitive 1 is a speck: reading it costs more than leaving it out.
    const speck = [arc(0, 1, 3, 0.9), arc(1, 2, 1, 0.01), arc(2, 3, 8, 0.9)];
    const rs = bestReadings(3, speck, (j) => (j === 1 ? Math.log(0.1) : -Infinity), [], 10);
    expect(rs.map((r) => r.text)).toEqual(['38', '318']);
    expect(rs[0].arcs.length).toBe(2);
  });
});

describe('posteriorOfBest', () => {
  it('is the softmax share of the best reading: high for a clear winner, a half for a tie', () => {
    const rs = bestReadings(3, [arc(0, 3, 5, 0.98), arc(0, 3, 6, 0.02)], never, [], 10);
    expect(posteriorOfBest(rs)).toBeCloseTo(0.98, 9);
    expect(posteriorOfBest(bestReadings(1, [arc(0, 1, 1, 0.5), arc(0, 1, 7, 0.5)], never, [], 10))).toBeCloseTo(0.5, 9);
    expect(posteriorOfBest([])).toBe(0);
  });
});
