/**
 * The Electron shell: one window, the API over IPC, menus. The service (store and reading pipeline) runs in a
 * worker thread, so reading never blocks this process; the engine runs on the GPU in a hidden window that the
 * worker talks to (webasm in the worker where that fails). Everything here only wires things together.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { startServiceHost } from '../server/service-host';
import type { ApiHost } from '../server/protocol';
import { openEngineWindow, type EngineWindow } from './engine-window';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { sqliteBinding } from './native';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, lockDown } from './security';

let window: BrowserWindow | undefined;
let host: ApiHost | undefined;
let engine: EngineWindow | undefined;

/** A page of the built renderer, or of its dev server during development. */
function rendererUrl(page: string): string {
  const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  return new URL(page, `${devServer ?? APP_ORIGIN}/`).href;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'DigitRead',
    backgroundColor: '#f4f6f9',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    window = undefined;
    // The hidden engine window keeps 'window-all-closed' from firing: closing the app's window quits.
    if (process.platform !== 'darwin') app.quit();
  });
  void win.loadURL(rendererUrl('index.html'));
  return win;
}

async function start(): Promise<void> {
  lockDown(session.defaultSession);
  serveRenderer(join(import.meta.dirname, '../renderer'));
  // DIGITREAD_ENGINE=node skips the GPU window (a driver that misbehaves, say).
  if (process.env.DIGITREAD_ENGINE !== 'node') {
    engine = openEngineWindow(rendererUrl('engine.html'), join(import.meta.dirname, '../preload/engine.cjs'));
  }
  host = await startServiceHost(new URL('./service-worker.js', import.meta.url), {
    dbPath: process.env.DIGITREAD_DB ?? join(app.getPath('userData'), 'digitread.db'),
    modelPath: process.env.DIGITREAD_MODEL,
    nativeBinding: sqliteBinding(),
    enginePort: engine?.port,
  });
  const service = host;
  wireIpc(service, () => window?.webContents);
  installMenu(service, () => window);
  window = createWindow();
  app.on('activate', () => {
    window ??= createWindow();
  });
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

app.whenReady().then(start, (error: unknown) => {
  dialog.showErrorBox('DigitRead could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting mid-batch: the service closes its store first, so every file read so far is kept and the batch is
// offered for finishing at the next start.
let closing = false;
app.on('before-quit', (event) => {
  if (!host || closing) return;
  event.preventDefault();
  closing = true;
  void host.close().finally(() => {
    engine?.close();
    app.quit();
  });
});
