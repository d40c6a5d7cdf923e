import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

/** Builds test/engine/browser with Vite (production, minified), serves it, and opens it in Chromium with WebGL2. */
export async function openEnginePage(): Promise<{ page: Page; close(): Promise<void> }> {
  const root = join(import.meta.dirname, '..', 'engine', 'browser');
  const outDir = mkdtempSync(join(tmpdir(), 'digitread-engine-page-'));
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, minify: true } });
  const server: PreviewServer = await preview({ root, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The engine test page server did not report its URL');
  const browser: Browser = await launchChromium({ webgl: true });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => 'engineUnderTest' in window, undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`The engine test page did not start: ${errors.join('; ')}`);
  });
  return {
    page,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
