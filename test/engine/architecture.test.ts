import { describe, expect, it } from 'vitest';
import { architecture, C3_TABLE, formatLayerTable, trainableParams } from '../../engine/architecture';

describe('LeNet-5 layer tables', () => {
  it('lenet5-1998 matches the paper layer by layer', () => {
    const rows = Object.fromEntries(architecture('lenet5-1998').table.map((r) => [r.layer.split(' ')[0], [r.params, r.connections]]));
    expect(rows).toMatchObject({
      C1: [156, 122_304],
      S2: [12, 5_880],
      C3: [1_516, 151_600],
      S4: [32, 2_000],
      C5: [48_120, 48_120],
      F6: [10_164, 10_164],
    });
    expect(trainableParams(architecture('lenet5-1998'))).toBe(60_000);
  });

  it('C3 table connects maps 0-5 to 3, 6-14 to 4 and map 15 to all 6 S2 maps', () => {
    const fanIn = Array.from({ length: 16 }, (_, m) => C3_TABLE.filter((row) => row[m] === 'X').length);
    expect(fanIn).toEqual([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
  });

  it('lenet5 (modern) has 61,706 parameters, all of them in θ', () => {
    const a = architecture('lenet5');
    expect(trainableParams(a)).toBe(61_706);
    expect(a.size).toBe(61_706);
  });

  it('prints the table with totals', () => {
    const text = formatLayerTable(architecture('lenet5-1998'));
    expect(text).toContain('C3 conv 5×5');
    expect(text.split('\n').at(-1)).toMatch(/^total\s+60,000\s+340,908$/);
  });
});
