import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/renderer.config';

const here = (path: string): string => resolve(import.meta.dirname, path);

// main and preload run in Electron's Node; the renderer is a plain web app (also served by browser mode).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: here('main/electron/index.ts'),
          // The API service runs in this worker thread, off the window's main process thread.
          'service-worker': here('main/server/service-worker.ts'),
          // The reading pipeline's decoding and segmentation threads (started by the service worker).
          'segment-worker': here('main/pipeline/segment-worker.ts'),
          // Retraining's computation (started by the service worker), off the service's thread.
          'retrain-worker': here('main/retrain/retrain-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      // Sandboxed preloads are loaded as classic scripts: they must be CommonJS.
      rollupOptions: {
        input: { index: here('main/electron/preload.ts'), engine: here('main/electron/engine-preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig(here('renderer')),
});
