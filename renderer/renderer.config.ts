import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

/**
 * The renderer's Vite config: electron-vite uses it for the window, browser mode builds with it directly.
 * Two pages: the app (index.html) and the hidden engine window's (engine.html, Electron only).
 * `root` is this folder; callers pass it because a bundled config file (electron-vite's) moves import.meta.
 */
export function rendererConfig(root: string) {
  return {
    root,
    base: './',
    plugins: [react()],
    // One local bundle: loaded from disk or loopback, so its size matters little.
    build: {
      target: 'chrome130',
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: { index: resolve(root, 'index.html'), engine: resolve(root, 'engine.html') } },
    },
  } satisfies UserConfig;
}
