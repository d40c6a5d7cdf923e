/**
 * Random distortions for training (Simard, Steinkraus and Platt, 2003; and the paper's affine copies):
 * per image, an affine map (rotation, scale, squeeze, shear, shift) and a smooth elastic displacement given
 * on a coarse 5×5 grid that the warp kernel interpolates. Parameters map output pixels to source pixels.
 */
import { AUG_PARAMS } from './kernels/sources';
import type { Rng } from './rng';

export interface AugmentSettings {
  rotationDeg: number;
  scale: number;
  squeeze: number;
  shear: number;
  shiftPx: number;
  elasticPx: number;
}

export const DEFAULT_AUGMENT: AugmentSettings = { rotationDeg: 10, scale: 0.1, squeeze: 0.1, shear: 0.15, shiftPx: 1.5, elasticPx: 1.2 };

/** Writes identity parameters for image b (no distortion: the warp then only pads and normalises). */
export function identityAugment(out: Float32Array, b: number): void {
  out.fill(0, b * AUG_PARAMS, (b + 1) * AUG_PARAMS);
  out[b * AUG_PARAMS] = 1;
  out[b * AUG_PARAMS + 4] = 1;
}

export function randomAugment(out: Float32Array, b: number, s: AugmentSettings, rng: Rng): void {
  const a = b * AUG_PARAMS;
  const angle = (rng.uniform(-s.rotationDeg, s.rotationDeg) * Math.PI) / 180;
  const scale = 1 + rng.uniform(-s.scale, s.scale);
  const squeeze = 1 + rng.uniform(-s.squeeze, s.squeeze);
  const shear = rng.uniform(-s.shear, s.shear);
  const sx = scale * squeeze;
  const sy = scale / squeeze;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // source = R · Shear · S · output: written out as the 2×2 matrix rows and a shift.
  out[a] = cos * sx;
  out[a + 1] = cos * shear * sy - sin * sy;
  out[a + 2] = rng.uniform(-s.shiftPx, s.shiftPx);
  out[a + 3] = sin * sx;
  out[a + 4] = sin * shear * sy + cos * sy;
  out[a + 5] = rng.uniform(-s.shiftPx, s.shiftPx);
  for (let k = 6; k < AUG_PARAMS; k++) out[a + k] = rng.uniform(-s.elasticPx, s.elasticPx);
}
