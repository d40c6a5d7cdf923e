import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Channel } from '../../engine/remote/channel';
import { ENGINE_PORT_MESSAGE } from '../../main/electron/engine-port';
import { rendererConfig } from '../../renderer/renderer.config';
import { openBuiltPage } from './built-page';

declare global {
  interface Window {
    toEngineHost(message: unknown): void;
    fromEngineHost(message: unknown): void;
  }
}

/**
 * The Electron engine window's page (renderer/engine.html), built the way the app builds it (the renderer's
 * Vite config, production, minified), in Chromium on SwiftShader WebGL2. The test plays main and the preload:
 * it hands the page one end of a MessageChannel, exactly as engine-preload.ts does, and relays the other end to
 * Node, so `channel` reaches the real host over a real MessagePort. Violations of the page's CSP are collected.
 */
export async function openEngineHostPage(): Promise<{ channel: Channel; page: Page; problems: string[]; close(): Promise<void> }> {
  const root = resolve(import.meta.dirname, '../../renderer');
  const config = rendererConfig(root);
  const { url, page, close } = await openBuiltPage({
    ...config,
    build: { ...config.build, rollupOptions: { input: { engine: join(root, 'engine.html') } } },
  });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  const listeners = new Set<(message: unknown) => void>();
  await page.exposeFunction('fromEngineHost', (message: unknown) => {
    for (const l of listeners) l(message);
  });
  await page.goto(new URL('engine.html', url).href);
  await page.evaluate((portMessage) => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (event) => window.fromEngineHost(event.data);
    window.toEngineHost = (message) => port1.postMessage(message);
    window.postMessage(portMessage, '*', [port2]);
  }, ENGINE_PORT_MESSAGE);
  return {
    page,
    problems,
    channel: {
      // Like a MessagePort's postMessage, posting after the page has closed is dropped: an unload sent as the
      // service closes may race the page's own close.
      post: (message) => void page.evaluate((m) => window.toEngineHost(m), message).catch(() => undefined),
      listen(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    close,
  };
}
