import type { Architecture } from './architecture';
import type { Rng } from './rng';

/**
 * Initial θ. The 1998 form uses the paper's rule, weights uniform in ±2.4/F (F the unit's fan-in; for C3, the
 * S2 maps its table connects × 25). The modern ReLU form uses He's uniform ±√(6/F), because ±2.4/F shrinks
 * a ReLU signal about tenfold per layer. Biases start at 0, subsampling coefficients at 1.
 */
export function initialParameters(arch: Architecture, rng: Rng): Float32Array {
  const theta = new Float32Array(arch.size);
  const limit = (fanIn: number): number => (arch.modern ? Math.sqrt(6 / fanIn) : 2.4 / fanIn);
  for (const s of arch.segments) {
    if (s.init === 'one') theta.fill(1, s.offset, s.offset + s.size);
    if (s.init !== 'uniform') continue;
    const isC3 = s.name === 'c3.w';
    for (let i = 0; i < s.size; i++) {
      const map = Math.floor(i / 150);
      const fanIn = isC3 ? arch.c3Mask.subarray(map * 150, map * 150 + 150).reduce((a, b) => a + b, 0) : s.fanIn;
      const a = limit(fanIn);
      theta[s.offset + i] = rng.uniform(-a, a) * (isC3 ? arch.c3Mask[i] : 1);
    }
  }
  return theta;
}
