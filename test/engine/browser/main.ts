/**
 * The engine inside Chromium, bundled by Vite in production mode (so the kernels are checked after bundling
 * and minification). Tests and the benchmark drive it through window.engineUnderTest.
 */
import { architecture, type ArchitectureName } from '../../../engine/architecture';
import { createGpu, type BackendName } from '../../../engine/backend';
import { gradientCheck } from '../../../engine/diagnostics/gradient-check';
import { measureThroughput } from '../../../engine/diagnostics/throughput';
import { initialParameters } from '../../../engine/init';
import { createRng } from '../../../engine/rng';

async function withGpu<T>(backend: BackendName, fn: (gpu: ReturnType<typeof createGpu>) => Promise<T>): Promise<T> {
  const gpu = createGpu(backend);
  try {
    return await fn(gpu);
  } finally {
    await gpu.destroy();
  }
}

/** Throughput does not depend on the weights' values, so the page needs no model file. */
const throughput = (backend: BackendName) => withGpu(backend, (gpu) => measureThroughput(gpu, initialParameters(architecture('lenet5'), createRng(1))));
const checkGradients = (backend: BackendName, arch: ArchitectureName) => withGpu(backend, (gpu) => gradientCheck(gpu, arch));

declare global {
  interface Window {
    engineUnderTest: { checkGradients: typeof checkGradients; throughput: typeof throughput };
  }
}
window.engineUnderTest = { checkGradients, throughput };
