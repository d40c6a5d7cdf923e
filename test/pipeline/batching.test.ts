import { expect, it } from 'vitest';
import type { ClassifyOptions, DigitInput, Recognizer } from '../../engine/recognizer';
import { batchingRecognizer } from '../../main/pipeline/batching';

/** Records the batches it is sent; its answer is a function of the input, so order mistakes show. */
function recordingRecognizer(): Recognizer & { batches: number[]; committees: boolean[] } {
  const batches: number[] = [];
  const committees: boolean[] = [];
  return {
    batches,
    committees,
    async classify(inputs: readonly DigitInput[], o?: ClassifyOptions) {
      batches.push(inputs.length);
      committees.push(o?.committee ?? false);
      await new Promise((r) => setTimeout(r, 5));
      return inputs.map((x) => Float32Array.from({ length: 10 }, (_, i) => (i === x[0] % 10 ? 1 : 0)));
    },
  };
}

const input = (v: number) => new Uint8Array(1024).fill(v);

it('gathers concurrent calls into one engine batch and gives each caller its own answers in order', async () => {
  const inner = recordingRecognizer();
  const r = batchingRecognizer(inner);
  const calls = [[1, 2, 3], [4], [5, 6], [7, 8, 9, 0]].map((vs) => r.classify(vs.map(input)));
  const out = await Promise.all(calls);
  expect(out.map((ps) => ps.map((p) => p.indexOf(1)))).toEqual([[1, 2, 3], [4], [5, 6], [7, 8, 9, 0]]);
  expect(inner.batches).toEqual([10]);
  expect(r.stats).toMatchObject({ requests: 4, batches: 1, inputs: 10 });
  expect(r.stats.engineSeconds).toBeGreaterThan(0);
});

it('runs one engine call at a time; calls made meanwhile go in the next batch, up to the maximum size', async () => {
  const inner = recordingRecognizer();
  const r = batchingRecognizer(inner, 4);
  const first = r.classify([input(1)]);
  await new Promise((res) => setImmediate(res)); // the first batch is now in the engine
  const later = [r.classify([input(2), input(3)]), r.classify([input(4), input(5)]), r.classify([input(6)])];
  await Promise.all([first, ...later]);
  expect(inner.batches).toEqual([1, 4, 1]);
  expect(await r.classify([])).toEqual([]);
});

it("keeps calls for the committee and for the first member apart, each in the other's order", async () => {
  const inner = recordingRecognizer();
  const r = batchingRecognizer(inner);
  const calls = [r.classify([input(1)], { committee: true }), r.classify([input(2), input(3)]), r.classify([input(4)], { committee: true }), r.classify([input(5)], { committee: false })];
  const out = await Promise.all(calls);
  expect(out.map((ps) => ps.map((p) => p.indexOf(1)))).toEqual([[1], [2, 3], [4], [5]]);
  expect(inner.batches).toEqual([2, 3]);
  expect(inner.committees).toEqual([true, false]);
});

it('fails every caller of a failed batch and recovers for the next', async () => {
  let fail = true;
  const r = batchingRecognizer({
    async classify(inputs) {
      if (fail) throw new Error('engine lost');
      return inputs.map(() => new Float32Array(10));
    },
  });
  await expect(Promise.all([r.classify([input(1)]), r.classify([input(2)])])).rejects.toThrow('engine lost');
  fail = false;
  expect(await r.classify([input(3)])).toHaveLength(1);
});
