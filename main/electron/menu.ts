import { writeFile } from 'node:fs/promises';
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ExportFile } from '../api/contract';
import { validateCall } from '../server/dispatch';
import type { ApiHost } from '../server/protocol';
import { CHANNELS, type AppView, type MenuCommand } from './bridge';

const VIEWS: [AppView, string][] = [
  ['batches', 'Batches'],
  ['review', 'Review'],
  ['browse', 'Browse'],
  ['model', 'Model'],
];

async function call<T>(host: ApiHost, method: string, input: unknown): Promise<T> {
  const result = await host.call(validateCall(method, input));
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** File, View and Help menus; the file dialogs live here because only main can open them. */
export function installMenu(host: ApiHost, getWindow: () => BrowserWindow | undefined): void {
  const send = (command: MenuCommand) => getWindow()?.webContents.send(CHANNELS.command, command);
  const fail = (error: unknown) => dialog.showErrorBox('DigitRead', error instanceof Error ? error.message : String(error));

  const importScans = async (folders: boolean) => {
    const window = getWindow();
    if (!window) return;
    const picked = await dialog.showOpenDialog(window, {
      title: folders ? 'Read folders of scans' : 'Read scans',
      properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
      filters: folders ? [] : [{ name: 'Scans', extensions: ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp'] }],
    });
    if (picked.canceled || picked.filePaths.length === 0) return;
    await call(host, 'startBatch', { paths: picked.filePaths });
    send({ type: 'navigate', view: 'batches' });
  };

  const exportCsv = async () => {
    const window = getWindow();
    if (!window) return;
    const file = await call<ExportFile>(host, 'exportResults', { format: 'csv' });
    const target = await dialog.showSaveDialog(window, { defaultPath: file.filename, filters: [{ name: 'CSV', extensions: ['csv'] }] });
    if (!target.canceled && target.filePath) await writeFile(target.filePath, file.content, 'utf8');
  };

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Read Scans…', accelerator: 'CmdOrCtrl+O', click: () => importScans(false).catch(fail) },
        { label: 'Read Folders…', accelerator: 'CmdOrCtrl+Shift+O', click: () => importScans(true).catch(fail) },
        { type: 'separator' },
        { label: 'Export Results as CSV…', accelerator: 'CmdOrCtrl+E', click: () => exportCsv().catch(fail) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...VIEWS.map(([view, label], i): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${i + 1}`,
          click: () => send({ type: 'navigate', view }),
        })),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      role: 'help',
      submenu: [
        {
          label: 'About DigitRead',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'DigitRead',
              message: `DigitRead ${app.getVersion()}`,
              detail: 'Reads handwritten digits on scanned cheques and zip-code forms.',
            }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
