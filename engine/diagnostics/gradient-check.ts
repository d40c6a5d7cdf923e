/**
 * Checks the engine's backward pass against finite differences, layer by layer, on whatever backend the
 * given gpu.js instance runs. For each parameter segment (every layer's weights and biases) it compares the
 * analytic directional derivative g·d with (L(θ+εd) − L(θ−εd)) / 2ε along a random unit direction d
 * confined to that segment, keeping the best of a few step sizes ε. Runs in Node and in the browser alike.
 */
import type { GPU } from 'gpu.js';
import { architecture, type ArchitectureName } from '../architecture';
import { NOT_A_DIGIT } from '../data/dataset';
import { createTrainGraph, stateSize, type TrainGraph } from '../graph';
import { initialParameters } from '../init';
import { AUG_PARAMS, stateSlot } from '../kernels/sources';
import { rbfPrototypes } from '../rbf';
import { createRng } from '../rng';

export interface SegmentCheck {
  segment: string;
  analytic: number;
  numeric: number;
  relativeError: number;
}

export interface GradientCheckResult {
  architecture: ArchitectureName;
  backend: string | null;
  executor: string;
  segments: SegmentCheck[];
}

/** Step sizes tried per segment: float32 noise dominates small ones, ReLU kinks and curvature large ones. */
const STEPS = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];

export async function gradientCheck(gpu: GPU, name: ArchitectureName, seed = 7): Promise<GradientCheckResult> {
  const arch = architecture(name);
  const batch = 8;
  const rng = createRng(seed);
  const theta = initialParameters(arch, rng);
  // Bias and coefficient segments start constant; move them off their initial values so each is exercised.
  for (const s of arch.segments) if (s.init !== 'uniform') for (let i = 0; i < s.size; i++) theta[s.offset + i] += rng.uniform(-0.2, 0.2);
  const src = new Float32Array(batch * 1024);
  for (let b = 0; b < batch; b++)
    for (let y = 6; y < 26; y++) for (let x = 6; x < 26; x++) src[b * 1024 + y * 32 + x] = rng.next() < 0.4 ? 255 * rng.next() : 0;
  const aug = new Float32Array(batch * AUG_PARAMS);
  for (let b = 0; b < batch; b++) aug.set([1, 0, 0, 0, 1, 0], b * AUG_PARAMS);
  const labels = Float32Array.from({ length: batch }, () => rng.int(10));
  // One sample is no digit, so the check covers that target's loss and gradient too.
  labels[0] = NOT_A_DIGIT;
  // SGD with lr 0 and momentum 0 leaves θ as it is and writes the raw gradient into the velocity half.
  const hyper = new Float32Array([0, 0, 0, 0]);
  const graph: TrainGraph = createTrainGraph(gpu, arch, batch, 2, { kind: 'sgd' }, rbfPrototypes());
  const run = async (t: Float32Array) => {
    const state = new Float32Array(stateSize(arch, { kind: 'sgd' }));
    state.set(t);
    const out = await graph.step({ src, aug, labels, state, hyper });
    let loss = 0;
    for (let b = 0; b < batch; b++) loss += out.stats[2 * b];
    return { loss: loss / batch, gradient: out.state.subarray(stateSlot(arch.size)) };
  };
  try {
    const { gradient } = await run(theta);
    const segments: SegmentCheck[] = [];
    for (const s of arch.segments) {
      const d = new Float64Array(s.size);
      for (let i = 0; i < s.size; i++) d[i] = s.name === 'c3.w' ? rng.normal() * arch.c3Mask[i] : rng.normal();
      const norm = Math.hypot(...d);
      let analytic = 0;
      for (let i = 0; i < s.size; i++) analytic += (gradient[s.offset + i] * d[i]) / norm;
      let best = { numeric: NaN, relativeError: Infinity };
      for (const eps of STEPS) {
        const plus = Float32Array.from(theta);
        const minus = Float32Array.from(theta);
        for (let i = 0; i < s.size; i++) {
          plus[s.offset + i] += (eps * d[i]) / norm;
          minus[s.offset + i] -= (eps * d[i]) / norm;
        }
        const numeric = ((await run(plus)).loss - (await run(minus)).loss) / (2 * eps);
        const relativeError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-4);
        if (relativeError < best.relativeError) best = { numeric, relativeError };
      }
      const { numeric, relativeError } = best;
      segments.push({ segment: s.name, analytic, numeric, relativeError });
    }
    return { architecture: name, backend: graph.backend(), executor: graph.executor(), segments };
  } finally {
    graph.destroy();
  }
}
