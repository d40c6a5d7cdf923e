/**
 * Wires the kernels of engine/kernels/sources.ts into gpu.js pipelines: a training step (augment, forward,
 * backward, optimiser update, all in one plan), inference, and per-layer activations for display.
 */
import type { GPU, IPipelineRunShortcut, KernelOutput } from 'gpu.js';
import { segment, type Architecture } from './architecture';
import type { Act } from './kernels/activation';
import * as K from './kernels/sources';

/** Inside a pipeline a kernel takes and returns opaque handles, which gpu.js's typings cannot express. */
type Handle = unknown;
type KernelFn = ((...args: Handle[]) => Handle) & { destroy(): void };

/**
 * The backend a pipeline ran on. Every GL kernel class reports 'gpu'; the GPU instance's mode names which
 * one (webgl2, webgl, headlessgl) it chose.
 */
function backendOf(gpu: GPU, pipeline: IPipelineRunShortcut): string | null {
  const b = pipeline.backend;
  return b === 'gpu' ? gpu.mode : b;
}

function kernel(gpu: GPU, k: K.KernelSource): KernelFn {
  // Strings, not functions: see sources.ts. 'single' keeps float32 everywhere on the GL backends.
  const fn = gpu.createKernel(k.source as never, { output: k.output, precision: 'single', tactic: 'precision' });
  return fn as unknown as KernelFn;
}

function shapes(arch: Architecture) {
  const off = (name: string): number => segment(arch, name).offset;
  const c1: K.ConvShape = { inMaps: 1, inSide: 32, outMaps: 6, wOff: off('c1.w'), bOff: off('c1.b') };
  const c3: K.ConvShape = { inMaps: 6, inSide: 14, outMaps: 16, wOff: off('c3.w'), bOff: off('c3.b') };
  const s2: K.PoolShape = arch.modern ? { maps: 6, side: 14, coefOff: 0, bOff: 0 } : { maps: 6, side: 14, coefOff: off('s2.coef'), bOff: off('s2.b') };
  const s4: K.PoolShape = arch.modern ? { maps: 16, side: 5, coefOff: 0, bOff: 0 } : { maps: 16, side: 5, coefOff: off('s4.coef'), bOff: off('s4.b') };
  const c5: K.DenseShape = { inputs: 400, outputs: 120, wOff: off('c5.w'), bOff: off('c5.b') };
  const f6: K.DenseShape = { inputs: 120, outputs: 84, wOff: off('f6.w'), bOff: off('f6.b') };
  const out: K.DenseShape | null = arch.modern ? { inputs: 84, outputs: 10, wOff: off('out.w'), bOff: off('out.b') } : null;
  const act: Act = arch.modern ? 'relu' : 'tanh';
  // What follows a pooled map: nothing in the modern form (ReLU sits on the convolution), f in the 1998 form.
  const poolAct: Act = arch.modern ? 'identity' : 'tanh';
  return { c1, c3, s2, s4, c5, f6, out, act, poolAct };
}

/** The forward kernels for one batch size, and how to trace them. */
function forwardKernels(gpu: GPU, arch: Architecture, batch: number) {
  const s = shapes(arch);
  const k = {
    c1: kernel(gpu, K.convForward(batch, s.c1, s.act)),
    s2: kernel(gpu, K.poolForward(batch, s.s2, !arch.modern)),
    c3: kernel(gpu, K.convForward(batch, s.c3, s.act)),
    s4: kernel(gpu, K.poolForward(batch, s.s4, !arch.modern)),
    c5: kernel(gpu, K.denseForward(batch, s.c5, s.act)),
    f6: kernel(gpu, K.denseForward(batch, s.f6, s.act)),
    out: s.out ? kernel(gpu, K.denseForward(batch, s.out, 'identity')) : kernel(gpu, K.rbfForward(batch)),
  };
  const trace = (x: Handle, theta: Handle, prototypes: Handle) => {
    const c1 = k.c1(x, theta);
    const s2 = k.s2(c1, theta);
    const c3 = k.c3(s2, theta);
    const s4 = k.s4(c3, theta);
    const c5 = k.c5(s4, theta);
    const f6 = k.f6(c5, theta);
    const scores = arch.modern ? k.out(f6, theta) : k.out(f6, prototypes);
    return { c1, s2, c3, s4, c5, f6, scores };
  };
  return { kernels: Object.values(k), trace };
}

export interface OptimizerRule {
  kind: 'adam' | 'sgd';
}

/** Arguments the training step reads each call. */
export interface StepInput {
  /** batch × 1024 raw 32×32 pixels (0..255). */
  src: Float32Array;
  /** batch × AUG_PARAMS warp parameters (augment.ts). */
  aug: Float32Array;
  labels: Float32Array;
  /** [θ | optimiser moments]. */
  state: Float32Array;
  hyper: Float32Array;
}

export interface StepOutput {
  state: Float32Array;
  /** batch × [loss, predicted class]. */
  stats: Float32Array;
}

export interface TrainGraph {
  step(input: StepInput): Promise<StepOutput>;
  /** 'fused-threaded', 'fused-sync', 'generic', …, known after the first step. */
  executor(): string;
  backend(): string | null;
  destroy(): void;
}

/** [θ | moments…], each in a slot of K.stateSlot(arch.size) floats. */
export function stateSize(arch: Architecture, rule: OptimizerRule): number {
  return K.stateSlot(arch.size) * (rule.kind === 'adam' ? 3 : 2);
}

export function createTrainGraph(gpu: GPU, arch: Architecture, batch: number, groups: number, rule: OptimizerRule, prototypes: Float32Array): TrainGraph {
  if (batch % groups !== 0) throw new Error(`Expected a batch size divisible by ${groups} groups but received ${batch}`);
  const s = shapes(arch);
  const fwd = forwardKernels(gpu, arch, batch);
  const rbf = !arch.modern;
  const c3w = segment(arch, 'c3.w');
  const slice = (name: string, size: number, g: number, row = size, stride = row): K.GradientSlice => ({
    offset: segment(arch, name).offset,
    size,
    groups: g,
    row,
    stride,
  });
  const slices: K.GradientSlice[] = [
    slice('c1.w', 150, groups, 25, K.TAP_STRIDE),
    slice('c1.b', 6, groups, 6, K.biasStride(6)),
    ...(rbf ? [slice('s2.coef', 12, groups)] : []),
    slice('c3.w', 2400, groups, 25, K.TAP_STRIDE),
    slice('c3.b', 16, groups, 16, K.biasStride(16)),
    ...(rbf ? [slice('s4.coef', 32, groups)] : []),
    slice('c5.w', 48120, 1),
    slice('f6.w', 10164, 1),
    ...(rbf ? [] : [slice('out.w', 850, 1)]),
  ];
  const k = {
    warp: kernel(gpu, K.warpInput(batch)),
    lossGrad: kernel(gpu, K.lossGradient(batch, rbf)),
    stats: kernel(gpu, K.lossStats(batch, rbf)),
    outBack: s.out ? kernel(gpu, K.denseBackwardInput(batch, s.out, s.act)) : kernel(gpu, K.rbfBackward(batch)),
    outParams: s.out ? kernel(gpu, K.denseBackwardParams(batch, s.out)) : null,
    f6Back: kernel(gpu, K.denseBackwardInput(batch, s.f6, s.act)),
    f6Params: kernel(gpu, K.denseBackwardParams(batch, s.f6)),
    c5Back: kernel(gpu, K.denseBackwardInput(batch, s.c5, s.poolAct)),
    c5Params: kernel(gpu, K.denseBackwardParams(batch, s.c5)),
    s4Back: kernel(gpu, K.poolBackward(batch, s.s4, rbf, s.act, 'batch-major')),
    s4Params: rbf ? kernel(gpu, K.poolBackwardParams(batch, groups, s.s4, 'batch-major')) : null,
    c3BackIn: kernel(gpu, K.convBackwardInput(batch, s.c3, s.poolAct)),
    c3Weights: kernel(gpu, K.convBackwardWeights(batch, groups, s.c3)),
    c3Bias: kernel(gpu, K.convBackwardBias(batch, groups, s.c3)),
    // C3's input gradient comes batch-minor (see convBackwardInput).
    s2Back: kernel(gpu, K.poolBackward(batch, s.s2, rbf, s.act, 'batch-minor')),
    s2Params: rbf ? kernel(gpu, K.poolBackwardParams(batch, groups, s.s2, 'batch-minor')) : null,
    c1Weights: kernel(gpu, K.convBackwardWeights(batch, groups, s.c1)),
    c1Bias: kernel(gpu, K.convBackwardBias(batch, groups, s.c1)),
    update: kernel(gpu, K.update(arch.size, slices, { kind: rule.kind, maskOffset: c3w.offset, maskSize: c3w.size })),
  };
  const pipeline: IPipelineRunShortcut = gpu.createPipeline(function (src, aug, labels, state, hyper, mask, protos) {
    const x = k.warp(src, aug);
    const a = fwd.trace(x, state, protos);
    const gScores = k.lossGrad(a.scores, labels);
    const stats = k.stats(a.scores, labels);
    const gF6 = rbf ? k.outBack(gScores, protos, a.f6) : k.outBack(gScores, state, a.f6);
    const gC5 = k.f6Back(gF6, state, a.c5);
    const gS4 = k.c5Back(gC5, state, a.s4);
    const gC3 = k.s4Back(gS4, a.c3, state);
    const gS2 = k.c3BackIn(gC3, state, a.s2);
    const gC1 = k.s2Back(gS2, a.c1, state);
    const grads = [
      k.c1Weights(gC1, x),
      k.c1Bias(gC1),
      ...(k.s2Params ? [k.s2Params(gS2, a.c1)] : []),
      k.c3Weights(gC3, a.s2),
      k.c3Bias(gC3),
      ...(k.s4Params ? [k.s4Params(gS4, a.c3)] : []),
      k.c5Params(gC5, a.s4),
      k.f6Params(gF6, a.c5),
      ...(k.outParams ? [k.outParams(gScores, a.f6)] : []),
    ];
    return { state: k.update(state, hyper, mask, ...grads), stats };
  });
  const mask = arch.c3Mask;
  return {
    async step(input) {
      const r = (await pipeline(input.src, input.aug, input.labels, input.state, input.hyper, mask, prototypes)) as Record<string, KernelOutput>;
      return { state: r.state as Float32Array, stats: r.stats as Float32Array };
    },
    executor: () => pipeline.executorKind,
    backend: () => backendOf(gpu, pipeline),
    destroy() {
      void pipeline.destroy();
      for (const fn of [...fwd.kernels, ...Object.values(k)]) fn?.destroy();
    },
  };
}

export const LAYER_NAMES = ['input', 'c1', 's2', 'c3', 's4', 'c5', 'f6', 'scores', 'probabilities'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** [channels, height, width] of each layer's output for one input. */
export const LAYER_SHAPES: Record<LayerName, [number, number, number]> = {
  input: [1, 32, 32],
  c1: [6, 28, 28],
  s2: [6, 14, 14],
  c3: [16, 10, 10],
  s4: [16, 5, 5],
  c5: [1, 1, 120],
  f6: [1, 1, 84],
  scores: [1, 1, 10],
  probabilities: [1, 1, 10],
};

/** Multi-dimensional outputs come back from gpu.js as nested arrays ([z][y] of rows); the engine hands out flat ones. */
function flatten(x: KernelOutput): Float32Array {
  if (x instanceof Float32Array) return x;
  const parts: number[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Float32Array) for (const n of v) parts.push(n);
    else if (Array.isArray(v)) v.forEach(walk);
    else parts.push(Number(v));
  };
  walk(x);
  return Float32Array.from(parts);
}

export interface InferGraph {
  batch: number;
  /** batch × 1024 raw pixels → batch × 10 probabilities. */
  probabilities(src: Float32Array, theta: Float32Array): Promise<Float32Array>;
  /** Every layer's output for a batch, for display. */
  activations(src: Float32Array, theta: Float32Array): Promise<Record<LayerName, Float32Array>>;
  backend(): string | null;
  destroy(): void;
}

export function createInferGraph(gpu: GPU, arch: Architecture, batch: number, prototypes: Float32Array): InferGraph {
  const fwd = forwardKernels(gpu, arch, batch);
  const normalize = kernel(gpu, K.normalizeInput(batch));
  const probs = kernel(gpu, K.probabilities(batch, !arch.modern));
  const probsOnly = gpu.createPipeline(function (src, theta, protos) {
    return probs(fwd.trace(normalize(src), theta, protos).scores);
  });
  const everything = gpu.createPipeline(function (src, theta, protos) {
    const input = normalize(src);
    const a = fwd.trace(input, theta, protos);
    return { input, ...a, probabilities: probs(a.scores) };
  });
  return {
    batch,
    async probabilities(src, theta) {
      return (await probsOnly(src, theta, prototypes)) as Float32Array;
    },
    async activations(src, theta) {
      const r = (await everything(src, theta, prototypes)) as Record<LayerName, KernelOutput>;
      return Object.fromEntries(LAYER_NAMES.map((name) => [name, flatten(r[name])])) as Record<LayerName, Float32Array>;
    },
    backend: () => backendOf(gpu, probsOnly) ?? backendOf(gpu, everything),
    destroy() {
      void probsOnly.destroy();
      void everything.destroy();
      for (const fn of [...fwd.kernels, normalize, probs]) fn.destroy();
    },
  };
}
