import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { BrowserWindow, MessageChannelMain } from 'electron';
import type { Gone } from '../../engine/remote/protocol';
import { ENGINE_PORT_MESSAGE } from './engine-port';

export interface EngineWindow {
  /** The service worker's end of the engine's channel (transfer it to the worker). */
  port: MessagePort;
  close(): void;
}

/**
 * The hidden window that holds the engine on the machine's GPU (renderer/engine.html). Electron's ports cannot
 * be transferred to a worker thread, so main relays between the page's port and a worker_threads port, without
 * reading the messages: the service worker validates every reply (engine/remote/protocol.ts). When the page
 * dies or does not load, the worker is told, and reading goes on with webasm in the worker.
 */
export function openEngineWindow(url: string, preload: string): EngineWindow {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      backgroundThrottling: false, // hidden, but working
    },
  });
  const page = new MessageChannelMain();
  const worker = new MessageChannel();
  page.port1.on('message', (event) => worker.port1.postMessage(event.data));
  worker.port1.on('message', (message: unknown) => page.port1.postMessage(message));
  page.port1.start();

  const gone = (reason: string) => worker.port1.postMessage({ type: 'gone', reason } satisfies Gone);
  window.webContents.on('did-fail-load', (_event, code, description) => gone(`its page did not load (${description}, ${code})`));
  window.webContents.on('render-process-gone', (_event, details) => gone(`its process ended (${details.reason})`));
  window.webContents.once('did-finish-load', () => window.webContents.postMessage(ENGINE_PORT_MESSAGE, null, [page.port2]));
  void window.loadURL(url);

  return {
    port: worker.port2,
    close() {
      gone('the app is closing');
      if (!window.isDestroyed()) window.destroy();
      page.port1.close();
      worker.port1.close();
    },
  };
}
