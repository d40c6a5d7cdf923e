import { describe, expect, it } from 'vitest';
import { createGpu } from '../../engine/backend';
import { gradientCheck } from '../../engine/diagnostics/gradient-check';

// Every layer's weights and biases, both forms, on webasm (the Chromium/WebGL2 run is in gradients-webgl2.test.ts).
describe.each(['lenet5', 'lenet5-1998'] as const)('%s gradients on webasm', (arch) => {
  it('match finite differences for every parameter segment', async () => {
    const gpu = createGpu('webasm');
    try {
      const r = await gradientCheck(gpu, arch);
      expect(r.backend).toBe('webasm');
      expect(r.executor).toMatch(/^fused-/);
      for (const s of r.segments) expect({ segment: s.segment, ok: s.relativeError < 0.03 }).toEqual({ segment: s.segment, ok: true });
      expect(r.segments.length).toBe(arch === 'lenet5' ? 10 : 12);
    } finally {
      await gpu.destroy();
    }
  });
});
