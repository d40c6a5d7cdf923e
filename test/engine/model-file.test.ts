import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { architecture } from '../../engine/architecture';
import { initialParameters } from '../../engine/init';
import { NORMALIZATION } from '../../engine/model-file';
import { readModel, writeModel } from '../../engine/node/files';
import { createRng } from '../../engine/rng';

const dir = mkdtempSync(join(tmpdir(), 'digitread-model-'));
const theta = initialParameters(architecture('lenet5'), createRng(3));
const path = join(dir, 'm.bin');
await writeModel(path, {
  header: { kind: 'model', architecture: 'lenet5', tensors: [], parameterCount: theta.length, normalization: NORMALIZATION, reviewThreshold: 0.9, provenance: { seed: 3 }, metrics: { testError: 0.5 } },
  theta,
  seconds: [],
});

describe('model files', () => {
  it('round-trip weights and metadata exactly', async () => {
    const m = await readModel(path);
    expect(m.theta).toEqual(theta);
    expect(m.seconds).toEqual([]);
    expect(m.header.reviewThreshold).toBe(0.9);
    expect(m.header.provenance).toEqual({ seed: 3 });
    expect(m.id).toMatch(/^lenet5-[0-9a-f]{12}$/);
  });

  it('round-trip a committee\'s other members in order, and reject one of the wrong size', async () => {
    const seconds = [initialParameters(architecture('lenet5'), createRng(4)), initialParameters(architecture('lenet5'), createRng(5))];
    const m = await readModel(path);
    await writeModel(join(dir, 'committee.bin'), { ...m, seconds });
    const back = await readModel(join(dir, 'committee.bin'));
    expect(back.theta).toEqual(theta);
    expect(back.seconds).toEqual(seconds);
    expect(back.id).not.toBe(m.id);
    await writeModel(join(dir, 'short-member.bin'), { ...m, seconds: [seconds[0].subarray(1)] });
    await expect(readModel(join(dir, 'short-member.bin'))).rejects.toThrow(/short-member\.bin: expected \d+ parameters for lenet5 in second\.1 but it has \d+/);
  });

  it('reject a flipped byte with a checksum error naming the file', async () => {
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0x40;
    writeFileSync(join(dir, 'corrupt.bin'), bytes);
    await expect(readModel(join(dir, 'corrupt.bin'))).rejects.toThrow(/corrupt\.bin: its checksum does not match/);
  });

  it('reject a truncated file', async () => {
    writeFileSync(join(dir, 'short.bin'), readFileSync(path).subarray(0, 5000));
    await expect(readModel(join(dir, 'short.bin'))).rejects.toThrow(/short\.bin: the file is truncated/);
  });

  it('reject a foreign file', async () => {
    writeFileSync(join(dir, 'photo.png'), Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(200), 'binary'));
    await expect(readModel(join(dir, 'photo.png'))).rejects.toThrow(/photo\.png: it is not a DigitRead model file/);
  });

  it('reject a missing file', async () => {
    await expect(readModel(join(dir, 'nope.bin'))).rejects.toThrow(/nope\.bin: no such file/);
  });
});
