import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type InlineConfig } from 'vite';
import { launchChromium } from './chromium';

/**
 * Builds a Vite page in production mode into a temporary folder, serves it on loopback, and opens a tab in
 * Chromium with WebGL2 (SwiftShader). `url` is the server's root; the caller goes to its page.
 */
export async function openBuiltPage(config: InlineConfig & { root: string }): Promise<{ url: string; page: Page; close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'digitread-page-'));
  await build({ ...config, logLevel: 'error', build: { ...config.build, outDir, emptyOutDir: true } });
  const server = await preview({ root: config.root, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`The test page server for ${config.root} did not report its URL`);
  const browser: Browser = await launchChromium({ webgl: true });
  return {
    url,
    page: await browser.newPage(),
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
