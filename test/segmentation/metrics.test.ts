import { describe, expect, it } from 'vitest';
import { bootstrapInterval, matchBoxes, operatingPoint, sameText, type FieldOutcome } from '../../main/eval/metrics';

describe('eval metrics', () => {
  it('matches boxes one to one, best overlap first, at IoU ≥ 0.5', () => {
    const truth: [number, number, number, number][] = [
      [0, 0, 10, 10],
      [20, 0, 10, 10],
    ];
    const pred: [number, number, number, number][] = [
      [1, 0, 10, 10],
      [0, 0, 10, 10],
      [40, 0, 10, 10],
    ];
    expect(matchBoxes(truth, pred)).toEqual([[0, 1]]);
  });

  it('finds the read rate at an error budget by rejecting the least confident fields', () => {
    const outcomes = [
      { correct: true, confidence: 0.99 },
      { correct: true, confidence: 0.98 },
      { correct: false, confidence: 0.97 },
      { correct: true, confidence: 0.9 },
      { correct: false, confidence: 0.5 },
      { correct: false, confidence: -Infinity },
    ];
    expect(operatingPoint(outcomes, 0).read_rate).toBeCloseTo(2 / 6);
    const p = operatingPoint(outcomes, 0.2);
    expect(p.read_rate).toBeCloseTo(3 / 6);
    expect(p.error_rate).toBeCloseTo(1 / 6);
    expect(p.threshold).toBe(0.9);
  });

  it('gives a bootstrap interval around a statistic that narrows with more scans and widens when fields share a scan', () => {
    const share = (x: FieldOutcome[]) => x.filter((o) => o.correct).length / x.length;
    const scans = (count: number, perScan: number) =>
      Array.from({ length: count }, (_, i) => Array.from({ length: perScan }, () => ({ correct: i % 10 !== 0, confidence: 1 })));
    const small = bootstrapInterval(scans(100, 1), share);
    const large = bootstrapInterval(scans(1000, 1), share);
    for (const [lo, hi] of [small, large]) {
      expect(lo).toBeLessThan(0.9);
      expect(hi).toBeGreaterThan(0.9);
    }
    expect(large[1] - large[0]).toBeLessThan(0.6 * (small[1] - small[0]));
    // 1,000 fields on 100 pages, right or wrong page by page, know no more than 100 fields.
    const grouped = bootstrapInterval(scans(100, 10), share);
    expect(grouped[1] - grouped[0]).toBeGreaterThan(2 * (large[1] - large[0]));
    expect(bootstrapInterval(scans(100, 1), share)).toEqual(small);
  });

  it('accepts either decimal mark in amounts', () => {
    expect(sameText('125,40', '125.40')).toBe(true);
    expect(sameText('125.40', '12540')).toBe(false);
  });
});
