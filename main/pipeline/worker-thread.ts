import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The URL of a worker entry that sits beside the calling module: `NAME.ts` under tsx (the caller's own URL
 * ends in .ts), `NAME.js` in the electron-vite build, where each worker entry is its own output file.
 */
export function siblingWorkerUrl(name: string, callerUrl: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

/** Starts a worker thread on a built `.js` entry, or on a `.ts` entry through tsx's loader. */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  // Node 20 does not carry tsx's loader into workers: register it in the worker, then load the entry.
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`, {
    ...options,
    eval: true,
  });
}
