/** Sandboxed preload: exposes `window.digitread` and nothing else. Main validates every message it receives. */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BatchEvent } from '../api/contract';
import type { WireResult } from '../server/dispatch';
import { CHANNELS, type DigitReadBridge, type MenuCommand } from './bridge';

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

const bridge: DigitReadBridge = {
  call: (method, input) => ipcRenderer.invoke(CHANNELS.call, method, input) as Promise<WireResult>,
  onEvent: (listener) => subscribe<BatchEvent>(CHANNELS.event, listener),
  onCommand: (listener) => subscribe<MenuCommand>(CHANNELS.command, listener),
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('digitread', bridge);
