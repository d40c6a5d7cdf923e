import { describe, expect, it } from 'vitest';
import { matchBoxes, operatingPoint, sameText } from '../../main/eval/metrics';

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

  it('accepts either decimal mark in amounts', () => {
    expect(sameText('125,40', '125.40')).toBe(true);
    expect(sameText('125.40', '12540')).toBe(false);
  });
});
