import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBuiltPage } from './built-page';

/** Builds test/engine/browser with Vite (production, minified), serves it, and opens it in Chromium with WebGL2. */
export async function openEnginePage(): Promise<{ page: Page; close(): Promise<void> }> {
  const root = join(import.meta.dirname, '..', 'engine', 'browser');
  const { url, page, close } = await openBuiltPage({ root, build: { minify: true } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => 'engineUnderTest' in window, undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`The engine test page did not start: ${errors.join('; ')}`);
  });
  return { page, close };
}
