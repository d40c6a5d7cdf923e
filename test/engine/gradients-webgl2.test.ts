import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradientCheckResult } from '../../engine/diagnostics/gradient-check';
import { openEnginePage } from '../support/engine-page';

// The same gradient check as on webasm, in headless Chromium on WebGL2 (SwiftShader), after Vite bundling.
let page: Awaited<ReturnType<typeof openEnginePage>>;
beforeAll(async () => {
  page = await openEnginePage();
}, 300_000);
afterAll(async () => page?.close());

describe.each(['lenet5', 'lenet5-1998'] as const)('%s gradients on WebGL2 in Chromium', (arch) => {
  it('match finite differences for every parameter segment', async () => {
    const r: GradientCheckResult = await page.page.evaluate((a) => window.engineUnderTest.checkGradients('webgl2', a), arch);
    expect(r.backend).toBe('webgl2');
    for (const s of r.segments) expect({ segment: s.segment, ok: s.relativeError < 0.03 }).toEqual({ segment: s.segment, ok: true });
    expect(r.segments.length).toBe(arch === 'lenet5' ? 10 : 12);
  }, 300_000);
});
