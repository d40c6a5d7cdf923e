/**
 * LeNet-5 kernels as gpu.js source strings. They are strings, not functions, so that no bundler or minifier
 * can rewrite them into a form gpu.js cannot parse; every size is templated in as a literal.
 *
 * Tensors are flat and batch-major (b, map, y, x); θ is one flat vector. Kernels index their output in
 * 2-D or 3-D with the fastest-varying axis on thread.x: on webasm only thread.x differs across the 4 SIMD
 * lanes, so everything derived from thread.y/z (batch, map, weight row) is a scalar load shared by the lanes.
 * The x extent of every large kernel is a multiple of 4 (a map's pixels flattened onto x, padded rows where
 * needed): webasm's threaded pipeline runs a step with SIMD only then, and falls back to scalar code otherwise.
 * Results read back by the host (state, stats, probabilities) stay 1-D so they arrive as flat arrays.
 */
import { actDerivFromOutput, applyAct, type Act } from './activation';

export interface KernelSource {
  source: string;
  /** gpu.js output dimensions [x, y?, z?]. */
  output: number[];
}

const f = (n: number): string => (Number.isInteger(n) ? `${n}.0` : `${n}`);

/** `term(offsetInInputRow·ky + kx, ky·5 + kx)` for the 25 taps of a 5×5 window, unrolled. */
function taps(rowStride: number, term: (inputOffset: number, tap: number) => string): string {
  const lines: string[] = [];
  for (let ky = 0; ky < 5; ky++) for (let kx = 0; kx < 5; kx++) lines.push(term(ky * rowStride + kx, ky * 5 + kx));
  return lines.join('\n');
}

/**
 * A loop over `v` from 0 to count, unrolled by the largest of 8, 4, 2 dividing count: webasm pays heavily per
 * loop iteration. `body(u)` is one iteration at v + u; the order of the iterations is unchanged.
 */
function unrolled(v: string, count: number, indent: string, body: (u: number) => string): string {
  const by = [8, 4, 2, 1].find((u) => count % u === 0)!;
  const lines = Array.from({ length: by }, (_, u) => `${indent}  ${body(u)}`).join('\n');
  return `${indent}for (let ${v} = 0; ${v} < ${count}; ${v} += ${by}) {\n${lines}\n${indent}}`;
}

/** Raw 32×32 bytes → network input: background −0.1, ink 1.175 (the paper's normalisation). */
export function normalizeInput(batch: number): KernelSource {
  return {
    output: [32, 32, batch],
    source: `function normalizeInput(src) {
  return -0.1 + 1.275 * src[(this.thread.z * 32 + this.thread.y) * 32 + this.thread.x] / 255.0;
}`,
  };
}

/** Augmenting warp: output pixel ← bilinear sample of the 32×32 source at an affine + elastic displacement. */
export const AUG_PARAMS = 6 + 5 * 5 * 2;
export function warpInput(batch: number): KernelSource {
  return {
    output: [32, 32, batch],
    source: `function warpInput(src, aug) {
  const x = this.thread.x;
  const y = this.thread.y;
  const b = this.thread.z;
  const a = b * ${AUG_PARAMS};
  const gx = x * 4.0 / 31.0;
  const gy = y * 4.0 / 31.0;
  const gx0 = Math.min(Math.floor(gx), 3.0);
  const gy0 = Math.min(Math.floor(gy), 3.0);
  const tx = gx - gx0;
  const ty = gy - gy0;
  const c00 = a + 6 + (gy0 * 5 + gx0) * 2;
  const c01 = c00 + 2;
  const c10 = c00 + 10;
  const c11 = c00 + 12;
  const dx = (1.0 - ty) * ((1.0 - tx) * aug[c00] + tx * aug[c01]) + ty * ((1.0 - tx) * aug[c10] + tx * aug[c11]);
  const dy = (1.0 - ty) * ((1.0 - tx) * aug[c00 + 1] + tx * aug[c01 + 1]) + ty * ((1.0 - tx) * aug[c10 + 1] + tx * aug[c11 + 1]);
  const cx = x - 15.5;
  const cy = y - 15.5;
  const sx = aug[a] * cx + aug[a + 1] * cy + aug[a + 2] + 15.5 + dx;
  const sy = aug[a + 3] * cx + aug[a + 4] * cy + aug[a + 5] + 15.5 + dy;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const base = b * 1024;
  let v00 = 0.0;
  let v01 = 0.0;
  let v10 = 0.0;
  let v11 = 0.0;
  if (y0 >= 0.0 && y0 < 32.0 && x0 >= 0.0 && x0 < 32.0) { v00 = src[base + y0 * 32 + x0]; }
  if (y0 >= 0.0 && y0 < 32.0 && x0 >= -1.0 && x0 < 31.0) { v01 = src[base + y0 * 32 + x0 + 1]; }
  if (y0 >= -1.0 && y0 < 31.0 && x0 >= 0.0 && x0 < 32.0) { v10 = src[base + (y0 + 1) * 32 + x0]; }
  if (y0 >= -1.0 && y0 < 31.0 && x0 >= -1.0 && x0 < 31.0) { v11 = src[base + (y0 + 1) * 32 + x0 + 1]; }
  const v = (1.0 - fy) * ((1.0 - fx) * v00 + fx * v01) + fy * ((1.0 - fx) * v10 + fx * v11);
  return -0.1 + 1.275 * v / 255.0;
}`,
  };
}

export interface ConvShape {
  inMaps: number;
  inSide: number;
  outMaps: number;
  /** Offsets of the weights (outMaps × inMaps × 5 × 5) and biases (outMaps) in θ. */
  wOff: number;
  bOff: number;
}
const outSide = (s: ConvShape): number => s.inSide - 4;

/** `y` and `x` of pixel `p` (thread.x) in a map of the given side. */
function pixel(side: number, p = 'this.thread.x'): string {
  return `const y = Math.floor(${p} / ${f(side)});
  const x = ${p} - y * ${side};`;
}

/** 5×5 valid convolution with its activation fused. Output [y·side + x, b·maps + m]. */
export function convForward(batch: number, s: ConvShape, act: Act): KernelSource {
  const os = outSide(s);
  return {
    output: [os * os, batch * s.outMaps],
    source: `function convForward(input, theta) {
  ${pixel(os)}
  const z = this.thread.y;
  const b = Math.floor(z / ${f(s.outMaps)});
  const m = z - b * ${s.outMaps};
  let sum = theta[${s.bOff} + m];
  for (let c = 0; c < ${s.inMaps}; c++) {
    const ib = ((b * ${s.inMaps} + c) * ${s.inSide} + y) * ${s.inSide} + x;
    const wb = ${s.wOff} + (m * ${s.inMaps} + c) * 25;
${taps(s.inSide, (o, t) => `    sum += input[ib + ${o}] * theta[wb + ${t}];`)}
  }
  return ${applyAct(act, 'sum')};
}`,
  };
}

/**
 * Where a gradient tensor keeps its batch axis: first, as every forward tensor does, or last, so that the
 * batch runs along the SIMD lanes and everything spatial is the same for all four lanes.
 */
export type BatchLayout = 'batch-major' | 'batch-minor';

/**
 * Gradient w.r.t. a convolution's input (full correlation with the flipped kernel), times the input's f'.
 * `g` is the gradient w.r.t. the convolution's pre-activation. Output [b, c·side² + y·side + x] (batch-minor):
 * with the batch on the lanes, (c, y, x) is uniform, so the taps that fall outside `g` (about half of them)
 * are skipped by real branches instead of being multiplied by padding.
 */
export function convBackwardInput(batch: number, s: ConvShape, inputAct: Act): KernelSource {
  const os = outSide(s);
  const area = s.inSide * s.inSide;
  // One copy of the o-loop per class of columns (x < 4, 4 ≤ x < os, each x ≥ os), holding only that class's
  // valid kx taps; rows are guarded inside. Uniform branches are cheap, per-tap guards are not.
  const body = (kxs: number[]): string => {
    const rows: string[] = [];
    for (let ky = 0; ky < 5; ky++) {
      const line = kxs.map((kx) => `sum += g[gb - ${ky * os + kx}] * theta[wb + ${ky * 5 + kx}];`).join(' ');
      rows.push(`      if (y >= ${ky} && y < ${os + ky}) { ${line} }`);
    }
    return `    for (let o = 0; o < ${s.outMaps}; o++) {
      const gb = ((b * ${s.outMaps} + o) * ${os} + y) * ${os} + x;
      const wb = ${s.wOff} + (o * ${s.inMaps} + c) * 25;
${rows.join('\n')}
    }`;
  };
  const classes: { test: string; kxs: number[] }[] = [];
  for (let x = 0; x < 4; x++) classes.push({ test: `x == ${x}`, kxs: Array.from({ length: x + 1 }, (_, k) => k) });
  classes.push({ test: `x < ${os}`, kxs: [0, 1, 2, 3, 4] });
  for (let x = os; x < s.inSide; x++) classes.push({ test: `x == ${x}`, kxs: Array.from({ length: s.inSide - x }, (_, k) => x - os + 1 + k) });
  const chain = classes
    .map((k, i) => `${i === 0 ? '  if' : ' else if'} (${i === classes.length - 1 ? 'true' : k.test}) {\n${body(k.kxs)}\n  }`)
    .join('');
  return {
    output: [batch, s.inMaps * area],
    source: `function convBackwardInput(g, theta, input) {
  const b = this.thread.x;
  const c = Math.floor(this.thread.y / ${f(area)});
  ${pixel(s.inSide, `(this.thread.y - c * ${area})`)}
  let sum = 0.0;
${chain}
  const v = input[(b * ${s.inMaps} + c) * ${area} + y * ${s.inSide} + x];
  return sum * ${actDerivFromOutput(inputAct, 'v')};
}`,
  };
}

/** Index of gradient value (b, m, pixel p) in a pooled map of `area` pixels, for either batch layout. */
function gradientAt(layout: BatchLayout, batch: number, maps: number, area: number, b: string, m: string, p: string): string {
  return layout === 'batch-major' ? `(${b} * ${maps} + ${m}) * ${area} + ${p}` : `(${m} * ${area} + ${p}) * ${batch} + ${b}`;
}

/** Rows of 25 taps are stored 28 apart in weight-gradient buffers, so that x stays a multiple of 4. */
export const TAP_STRIDE = 28;

/**
 * Per-group partial sums of a convolution's weight gradient: output [tap (25 of 28), o·inMaps + c, group].
 * Splitting the batch into groups gives the reduction enough independent cells to spread over threads.
 */
export function convBackwardWeights(batch: number, groups: number, s: ConvShape): KernelSource {
  const os = outSide(s);
  const gs = batch / groups;
  return {
    output: [TAP_STRIDE, s.outMaps * s.inMaps, groups],
    source: `function convBackwardWeights(g, input) {
  const t = this.thread.x;
  if (t >= 25) { return 0.0; }
  const ky = Math.floor(t / 5.0);
  const kx = t - ky * 5;
  const o = Math.floor(this.thread.y / ${f(s.inMaps)});
  const c = this.thread.y - o * ${s.inMaps};
  let sum = 0.0;
  for (let j = 0; j < ${gs}; j++) {
    const b = this.thread.z * ${gs} + j;
    const gb = (b * ${s.outMaps} + o) * ${os * os};
    const ib = ((b * ${s.inMaps} + c) * ${s.inSide} + ky) * ${s.inSide} + kx;
    for (let y = 0; y < ${os}; y++) {
      const gy = gb + y * ${os};
      const iy = ib + y * ${s.inSide};
${Array.from({ length: os }, (_, x) => `      sum += g[gy + ${x}] * input[iy + ${x}];`).join('\n')}
    }
  }
  return sum;
}`,
  };
}

/** Padded row length of a bias-gradient buffer (a multiple of 4). */
export const biasStride = (maps: number): number => Math.ceil(maps / 4) * 4;

/** Per-group partial sums of a convolution's bias gradient: output [o (of biasStride), group]. */
export function convBackwardBias(batch: number, groups: number, s: ConvShape): KernelSource {
  const area = outSide(s) ** 2;
  const gs = batch / groups;
  return {
    output: [biasStride(s.outMaps), groups],
    source: `function convBackwardBias(g) {
  if (this.thread.x >= ${s.outMaps}) { return 0.0; }
  let sum = 0.0;
  for (let j = 0; j < ${gs}; j++) {
    const gb = ((this.thread.y * ${gs} + j) * ${s.outMaps} + this.thread.x) * ${area};
    for (let p = 0; p < ${area}; p++) {
      sum += g[gb + p];
    }
  }
  return sum;
}`,
  };
}

export interface PoolShape {
  maps: number;
  /** Side of the pooled output; the input side is twice this. */
  side: number;
  /** Offsets of the trainable coefficient and bias (1998 form only). */
  coefOff: number;
  bOff: number;
}

/**
 * 2×2 subsampling: max-pool (modern) or f(coef·sum + bias) (1998). Output [m·side² + y·side + x, b]: all maps
 * of an input on x, so that x is a multiple of 4 even for S4's 5×5 maps.
 */
export function poolForward(batch: number, s: PoolShape, trainable: boolean): KernelSource {
  const is = s.side * 2;
  const area = s.side * s.side;
  const combine = trainable
    ? applyAct('tanh', `(theta[${s.coefOff} + m] * (v0 + v1 + v2 + v3) + theta[${s.bOff} + m])`)
    : 'Math.max(Math.max(v0, v1), Math.max(v2, v3))';
  return {
    output: [s.maps * area, batch],
    source: `function poolForward(input, theta) {
  const m = Math.floor(this.thread.x / ${f(area)});
  ${pixel(s.side, `(this.thread.x - m * ${area})`)}
  const ib = ((this.thread.y * ${s.maps} + m) * ${is} + 2 * y) * ${is} + 2 * x;
  const v0 = input[ib];
  const v1 = input[ib + 1];
  const v2 = input[ib + ${is}];
  const v3 = input[ib + ${is + 1}];
  return ${combine};
}`,
  };
}

/**
 * Gradient through 2×2 subsampling to the preceding convolution's pre-activation. `g` is the gradient w.r.t.
 * the pool's pre-activation (1998: already times f' of the pool output) or its output (max-pool). Max-pool
 * routes to the first maximum of each window.
 */
export function poolBackward(batch: number, s: PoolShape, trainable: boolean, convAct: Act, layout: BatchLayout): KernelSource {
  const is = s.side * 2;
  const route = trainable ? `gp * theta[${s.coefOff} + m]` : `(first == (y - 2 * py) * 2 + (x - 2 * px) ? gp : 0.0)`;
  return {
    output: [is * is, batch * s.maps],
    source: `function poolBackward(g, conv, theta) {
  ${pixel(is)}
  const z = this.thread.y;
  const b = Math.floor(z / ${f(s.maps)});
  const m = z - b * ${s.maps};
  const py = Math.floor(y / 2.0);
  const px = Math.floor(x / 2.0);
  const gp = g[${gradientAt(layout, batch, s.maps, s.side * s.side, 'b', 'm', `py * ${s.side} + px`)}];
  const wb = (z * ${is} + 2 * py) * ${is} + 2 * px;
  const v0 = conv[wb];
  const v1 = conv[wb + 1];
  const v2 = conv[wb + ${is}];
  const v3 = conv[wb + ${is + 1}];
  let first = 3;
  if (v2 >= v3) { first = 2; }
  if (v1 >= Math.max(v2, v3)) { first = 1; }
  if (v0 >= Math.max(v1, Math.max(v2, v3))) { first = 0; }
  const v = conv[z * ${is * is} + this.thread.x];
  return ${route} * ${actDerivFromOutput(convAct, 'v')};
}`,
  };
}

/** Per-group partial gradients of a trainable subsampling layer: output [m, coef|bias, group]. */
export function poolBackwardParams(batch: number, groups: number, s: PoolShape, layout: BatchLayout): KernelSource {
  const is = s.side * 2;
  const gs = batch / groups;
  const area = s.side * s.side;
  return {
    output: [s.maps, 2, groups],
    source: `function poolBackwardParams(g, conv) {
  const m = this.thread.x;
  let sum = 0.0;
  for (let j = 0; j < ${gs}; j++) {
    const b = this.thread.z * ${gs} + j;
    const z = b * ${s.maps} + m;
    for (let p = 0; p < ${area}; p++) {
      const py = Math.floor(p / ${f(s.side)});
      const px = p - py * ${s.side};
      const gv = g[${gradientAt(layout, batch, s.maps, area, 'b', 'm', 'p')}];
      if (this.thread.y == 0) {
        const wb = (z * ${is} + 2 * py) * ${is} + 2 * px;
        sum += gv * (conv[wb] + conv[wb + 1] + conv[wb + ${is}] + conv[wb + ${is + 1}]);
      } else {
        sum += gv;
      }
    }
  }
  return sum;
}`,
  };
}

export interface DenseShape {
  inputs: number;
  outputs: number;
  /** Weights are stored input-major (inputs × outputs) so neighbouring lanes read neighbouring weights. */
  wOff: number;
  bOff: number;
}

/** Output [k, b]. */
export function denseForward(batch: number, s: DenseShape, act: Act): KernelSource {
  return {
    output: [s.outputs, batch],
    source: `function denseForward(input, theta) {
  const k = this.thread.x;
  const ib = this.thread.y * ${s.inputs};
  let sum = theta[${s.bOff} + k];
${unrolled('j', s.inputs, '  ', (u) => `sum += input[ib + j + ${u}] * theta[${s.wOff + u * s.outputs} + j * ${s.outputs} + k];`)}
  return ${applyAct(act, 'sum')};
}`,
  };
}

/** Gradient w.r.t. a dense layer's input, times the input's f' (the previous layer's pre-activation gradient). */
export function denseBackwardInput(batch: number, s: DenseShape, inputAct: Act): KernelSource {
  return {
    output: [s.inputs, batch],
    source: `function denseBackwardInput(g, theta, input) {
  const j = this.thread.x;
  const gb = this.thread.y * ${s.outputs};
  const wb = ${s.wOff} + j * ${s.outputs};
  let sum = 0.0;
${unrolled('k', s.outputs, '  ', (u) => `sum += g[gb + k + ${u}] * theta[wb + k + ${u}];`)}
  const v = input[this.thread.y * ${s.inputs} + j];
  return sum * ${actDerivFromOutput(inputAct, 'v')};
}`,
  };
}

/** Dense weight and bias gradients summed over the batch: output [k, j] with row j = inputs the biases. */
export function denseBackwardParams(batch: number, s: DenseShape): KernelSource {
  return {
    output: [s.outputs, s.inputs + 1],
    source: `function denseBackwardParams(g, input) {
  const k = this.thread.x;
  const j = this.thread.y;
  let sum = 0.0;
  if (j < ${s.inputs}) {
${unrolled('b', batch, '    ', (u) => `sum += g[(b + ${u}) * ${s.outputs} + k] * input[(b + ${u}) * ${s.inputs} + j];`)}
  } else {
${unrolled('b', batch, '    ', (u) => `sum += g[(b + ${u}) * ${s.outputs} + k];`)}
  }
  return sum;
}`,
  };
}

/** The 1998 output layer: y_i = Σ_j (x_j − w_ij)² against fixed ±1 prototypes (10 × 84). Output [i, b]. */
export function rbfForward(batch: number): KernelSource {
  return {
    output: [10, batch],
    source: `function rbfForward(input, prototypes) {
  const k = this.thread.x;
  const ib = this.thread.y * 84;
  let sum = 0.0;
  for (let j = 0; j < 84; j++) {
    const d = input[ib + j] - prototypes[k * 84 + j];
    sum += d * d;
  }
  return sum;
}`,
  };
}

/** Gradient through the RBF layer to F6's pre-activation: Σ_i g_i · 2(x_j − w_ij) · f'(x_j). Output [j, b]. */
export function rbfBackward(batch: number): KernelSource {
  return {
    output: [84, batch],
    source: `function rbfBackward(g, prototypes, input) {
  const j = this.thread.x;
  const v = input[this.thread.y * 84 + j];
  let sum = 0.0;
  for (let k = 0; k < 10; k++) {
    sum += g[this.thread.y * 10 + k] * 2.0 * (v - prototypes[k * 84 + j]);
  }
  return sum * ${actDerivFromOutput('tanh', 'v')};
}`,
  };
}

/**
 * Scores → class probabilities: softmax of logits (modern), or of −y for RBF distances (1998), the same
 * normalisation the paper's loss uses. 1-D: read back by the host.
 */
export function probabilities(batch: number, rbf: boolean): KernelSource {
  const s = rbf ? '-1.0 * z' : 'z';
  return {
    output: [batch * 10],
    source: `function probabilities(scores) {
  const i = this.thread.x;
  const b = Math.floor(i / 10.0);
  let hi = -1e30;
  for (let k = 0; k < 10; k++) {
    const z = scores[b * 10 + k];
    hi = Math.max(hi, ${s});
  }
  let total = 0.0;
  for (let k = 0; k < 10; k++) {
    const z = scores[b * 10 + k];
    total += Math.exp(${s} - hi);
  }
  const z = scores[i];
  return Math.exp(${s} - hi) / total;
}`,
  };
}

/**
 * d(mean loss)/d(score), output [k, b]. Modern: softmax − target, the target one-hot, or uniform (0.1 each) for
 * NOT_A_DIGIT. 1998 (eq. 9): E = y_c + log(e^−j + Σ_i e^−y_i), so dE/dy_i = δ_ic − e^−y_i / (e^−j + Σ e^−y),
 * computed shifted by the minimum for stability; NOT_A_DIGIT has no y_c, so only the term that pushes every
 * class's penalty up against the rubbish constant j remains, as the paper meant it.
 */
export const RBF_J = 1;
export function lossGradient(batch: number, rbf: boolean): KernelSource {
  const body = rbf
    ? `
  let lo = ${f(RBF_J)};
  for (let c = 0; c < 10; c++) { lo = Math.min(lo, scores[sb + c]); }
  let total = Math.exp(-(${f(RBF_J)} - lo));
  for (let c = 0; c < 10; c++) { total += Math.exp(-(scores[sb + c] - lo)); }
  const share = Math.exp(-(scores[sb + k] - lo)) / total;
  return ((k == label ? 1.0 : 0.0) - share) / ${f(batch)};`
    : `
  let hi = -1e30;
  for (let c = 0; c < 10; c++) { hi = Math.max(hi, scores[sb + c]); }
  let total = 0.0;
  for (let c = 0; c < 10; c++) { total += Math.exp(scores[sb + c] - hi); }
  const share = Math.exp(scores[sb + k] - hi) / total;
  const target = label > 9.5 ? 0.1 : (k == label ? 1.0 : 0.0);
  return (share - target) / ${f(batch)};`;
  return {
    output: [10, batch],
    source: `function lossGradient(scores, labels) {
  const k = this.thread.x;
  const sb = this.thread.y * 10;
  const label = labels[this.thread.y];${body}
}`,
  };
}

/** Per sample: [loss, predicted class]. 1-D: read back by the host. NOT_A_DIGIT's loss is against its target (above). */
export function lossStats(batch: number, rbf: boolean): KernelSource {
  const lossExpr = rbf
    ? `(label > 9.5 ? 0.0 : scores[b * 10 + label]) - lo + Math.log(Math.exp(-(${f(RBF_J)} - lo)) + total)`
    : `hi + Math.log(total) - (label > 9.5 ? mean : scores[b * 10 + label])`;
  return {
    output: [batch * 2],
    source: `function lossStats(scores, labels) {
  const i = this.thread.x;
  const b = Math.floor(i / 2.0);
  const label = labels[b];
  let best = 0.0;
  let bestScore = scores[b * 10];
  let hi = -1e30;
  let lo = ${f(RBF_J)};
  let mean = 0.0;
  for (let c = 0; c < 10; c++) {
    const z = scores[b * 10 + c];
    mean += 0.1 * z;
    hi = Math.max(hi, z);
    lo = Math.min(lo, z);
    if (${rbf ? 'z < bestScore' : 'z > bestScore'}) { bestScore = z; best = c * 1.0; }
  }
  let total = 0.0;
  for (let c = 0; c < 10; c++) {
    total += ${rbf ? 'Math.exp(-(scores[b * 10 + c] - lo))' : 'Math.exp(scores[b * 10 + c] - hi)'};
  }
  if (i - b * 2 == 1) { return best; }
  return ${lossExpr};
}`,
  };
}

/**
 * One slice of θ whose gradient arrives in a buffer as `groups` stacked partial sums. The buffer holds the
 * slice's parameters in rows of `row` values placed `stride` apart (stride > row where rows are padded).
 */
export interface GradientSlice {
  offset: number;
  size: number;
  groups: number;
  row: number;
  stride: number;
}

/** θ and each optimiser moment take a slot of this many floats in the state: a multiple of 4 (see top). */
export const stateSlot = (parameters: number): number => Math.ceil(parameters / 4) * 4;

export interface UpdateRule {
  kind: 'adam' | 'sgd';
  /** Offset of C3's weights in θ; their gradient is multiplied by the connection mask. */
  maskOffset: number;
  maskSize: number;
}

/**
 * The optimiser step over state = [θ | moments…] (each in a stateSlot), 1-D: read back by the host. hyper = [lr, weightDecay,
 * 1 − β1^t, 1 − β2^t] (Adam) or [lr, weightDecay, momentum, 0] (SGD). Gradient partials are summed here, so
 * the reduction fuses with the update. Weight decay is decoupled (AdamW style).
 */
export function update(n: number, slices: GradientSlice[], rule: UpdateRule): KernelSource {
  const moments = rule.kind === 'adam' ? 2 : 1;
  const args = slices.map((_, k) => `g${k}`).join(', ');
  const slot = stateSlot(n);
  const gather = slices
    .map((s, k) => {
      const head = k === 0 ? 'if' : 'else if';
      const padded = s.stride !== s.row;
      const at = padded ? `at${k}` : `p - ${s.offset}`;
      const index = padded
        ? `const r${k} = Math.floor((p - ${s.offset}) / ${f(s.row)}); const at${k} = p - ${s.offset} + r${k} * ${s.stride - s.row}; `
        : '';
      const groupSize = (s.size / s.row) * s.stride;
      const loop = s.groups === 1 ? `g = g${k}[${at}];` : `for (let q = 0; q < ${s.groups}; q++) { g += g${k}[q * ${groupSize} + ${at}]; }`;
      return `  ${head} (p < ${s.offset + s.size}) { ${index}${loop} }`;
    })
    .join('\n');
  const step =
    rule.kind === 'adam'
      ? `
  const m1 = 0.9 * state[${slot} + p] + 0.1 * g;
  const m2 = 0.999 * state[${2 * slot} + p] + 0.001 * g * g;
  if (role == 1) { return m1; }
  if (role == 2) { return m2; }
  return w - hyper[0] * ((m1 / hyper[2]) / (Math.sqrt(m2 / hyper[3]) + 1e-8) + hyper[1] * w);`
      : `
  const v1 = hyper[2] * state[${slot} + p] + g;
  if (role == 1) { return v1; }
  return w - hyper[0] * (v1 + hyper[1] * w);`;
  return {
    output: [slot * (1 + moments)],
    source: `function update(state, hyper, mask, ${args}) {
  const i = this.thread.x;
  const role = Math.floor(i / ${f(slot)});
  const p = i - role * ${slot};
  if (p >= ${n}) { return 0.0; }
  let g = 0.0;
${gather}
  if (p >= ${rule.maskOffset} && p < ${rule.maskOffset + rule.maskSize}) { g = g * mask[p - ${rule.maskOffset}]; }
  const w = state[p];${step}
}`,
  };
}
