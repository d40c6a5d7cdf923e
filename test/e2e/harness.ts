/** Starts browser mode the way an operator does (`serve`), and Debian's Chromium through playwright-core. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { rendererConfig } from '../../renderer/renderer.config';

const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = join(ROOT, 'test-results', 'e2e');

export async function buildRenderer(outDir: string): Promise<void> {
  const config = rendererConfig(join(ROOT, 'renderer'));
  await build({ ...config, logLevel: 'warn', build: { ...config.build, outDir, emptyOutDir: true } });
}

export interface Served {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * Runs `main/server/cli.ts` and resolves with the URL it prints on its first line. It reads with `model`, or
 * the shipped model when none is given.
 */
export function serve(dbPath: string, rendererDir: string, model?: string): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'main/server/cli.ts'), '--db', dbPath, '--renderer', rendererDir, ...(model ? ['--model', model] : [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolveServed, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL:\n${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const url = new URL(line);
      resolveServed({ url: line, origin: url.origin, token: url.searchParams.get('token') ?? '', stop });
    });
  });
}

export { launchChromium } from '../support/chromium';

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Drops files on the page as an operator's drag from the file manager would. */
export async function dropFiles(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: 'image/png' }));
    }
    return dt;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('body', type, { dataTransfer: transfer });
  }
}
