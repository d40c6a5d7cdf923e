import { GPU } from 'gpu.js';

/**
 * gpu.js backends the engine can be told to use; 'auto' lets gpu.js pick the best that works. Not 'cpu': it
 * hands one kernel's output to the next as nested arrays, and the kernels index their inputs flat.
 */
export const BACKENDS = ['auto', 'webgpu', 'webgl2', 'webgl', 'headlessgl', 'webasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(value: string): value is BackendName {
  return (BACKENDS as readonly string[]).includes(value);
}

/**
 * A gpu.js instance for a backend. 'auto' is gpu.js's async mode: headlessgl → webgl2 → webgl → webasm → cpu,
 * upgraded to WebGPU where an adapter answers. Every engine call is a pipeline, and pipelines are async on
 * every backend, so the async contract costs nothing here. The backend actually used is reported by the
 * graphs after their first call (a kernel the chosen backend cannot take degrades, and that must show).
 */
export function createGpu(backend: BackendName = 'auto'): GPU {
  if (!isBackendName(backend)) throw new Error(`Expected a backend (${BACKENDS.join(', ')}) but received ${String(backend)}`);
  return new GPU({ mode: backend === 'auto' ? 'async' : backend });
}
