import type { InferGraph } from './graph';
import { DIGIT_PIXELS, type Recognizer } from './recognizer';

/**
 * Reads digits with fixed-batch graphs (largest first) and a committee's weights (`members[0]` alone, or the
 * mean of all of them when asked). A graph pads a short batch, so each chunk of a request goes to the largest
 * graph it fills: a handful of candidates never pays for 256, a big batch never runs in eights.
 */
export function graphReader(graphs: readonly InferGraph[], members: readonly Float32Array[]): Recognizer {
  const run = async (inputs: readonly Uint8Array[], theta: Float32Array) => {
    const out: Float32Array[] = [];
    for (let start = 0; start < inputs.length; ) {
      const left = inputs.length - start;
      const graph = graphs.find((g) => g.batch <= left) ?? graphs[graphs.length - 1];
      const n = Math.min(graph.batch, left);
      const src = new Float32Array(graph.batch * DIGIT_PIXELS);
      for (let b = 0; b < n; b++) src.set(inputs[start + b], b * DIGIT_PIXELS);
      const probs = await graph.probabilities(src, theta);
      for (let b = 0; b < n; b++) out.push(probs.slice(b * 10, b * 10 + 10));
      start += n;
    }
    return out;
  };
  return {
    async classify(inputs, o = {}) {
      const asked = o.committee ? members : members.slice(0, 1);
      if (asked.length === 1) return run(inputs, asked[0]);
      const answers: Float32Array[][] = [];
      for (const theta of asked) answers.push(await run(inputs, theta));
      return inputs.map((_, i) => {
        const mean = new Float32Array(10);
        for (const a of answers) for (let c = 0; c < 10; c++) mean[c] += a[i][c] / answers.length;
        return mean;
      });
    },
  };
}
