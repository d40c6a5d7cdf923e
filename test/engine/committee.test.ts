import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padTo32 } from '../../engine/data/dataset';
import { readModel, SHIPPED_MODEL_PATH, writeModel } from '../../engine/node/files';
import { loadRecognizer, type LoadedRecognizer } from '../../engine/node/load';
import { loadMnist } from '../../engine/node/mnist';
import type { DigitInput } from '../../engine/recognizer';

/** MNIST test digits read: on the first 5,000 the shipped committee misreads 46, its members 59 to 61. */
const COUNT = 5000;
let committee: LoadedRecognizer;
let alone: LoadedRecognizer[];
let digits: DigitInput[];
let labels: Uint8Array;

beforeAll(async () => {
  const shipped = await readModel(SHIPPED_MODEL_PATH);
  const dir = mkdtempSync(join(tmpdir(), 'digitread-committee-'));
  // Each member written as a model of its own, read by its own engine.
  const members = [shipped.theta, ...shipped.seconds];
  const files = members.map((_, i) => join(dir, `member-${i}.bin`));
  await Promise.all(members.map((theta, i) => writeModel(files[i], { header: shipped.header, theta, seconds: [] })));
  committee = await loadRecognizer({});
  alone = await Promise.all(files.map((modelPath) => loadRecognizer({ modelPath })));
  const test = await loadMnist('test');
  const pixels = padTo32(test.pixels.subarray(0, COUNT * 784), COUNT);
  digits = Array.from({ length: COUNT }, (_, i) => pixels.subarray(i * 1024, (i + 1) * 1024));
  labels = test.labels.subarray(0, COUNT);
});
afterAll(() => {
  committee?.destroy();
  for (const r of alone ?? []) r.destroy();
});

const errors = (probs: Float32Array[]) => probs.filter((p, i) => p.indexOf(Math.max(...p)) !== labels[i]).length;

/** The largest difference between two answers to the same digits. */
function farthest(a: Float32Array[], b: (i: number, c: number) => number): number {
  let most = 0;
  a.forEach((p, i) => p.forEach((v, c) => (most = Math.max(most, Math.abs(v - b(i, c))))));
  return most;
}

describe('the shipped committee', () => {
  it('has several members, and answers with its first alone unless asked for the committee', async () => {
    expect(alone.length).toBeGreaterThan(1);
    const first = await alone[0].classify(digits);
    expect(farthest(await committee.classify(digits), (i, c) => first[i][c])).toBeLessThan(1e-6);
  });

  it("answers with its members' mean when asked, and misreads fewer of MNIST's test digits than any of them", async () => {
    const each: Float32Array[][] = [];
    for (const r of alone) each.push(await r.classify(digits));
    const mean = await committee.classify(digits, { committee: true });
    expect(farthest(mean, (i, c) => each.reduce((s, e) => s + e[i][c], 0) / each.length)).toBeLessThan(1e-6);
    expect(errors(mean)).toBeLessThan(Math.min(...each.map(errors)));
  });

  it('reads alone either way when it has one member', async () => {
    const [asked, plain] = [await alone[1].classify(digits.slice(0, 50), { committee: true }), await alone[1].classify(digits.slice(0, 50))];
    expect(asked).toEqual(plain);
  });
});
