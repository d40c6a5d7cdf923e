import type { DigitReadBridge } from '../../../main/electron/bridge';
import type { Client } from './client';
import { httpClient } from './http';
import { ipcClient } from './ipc';

declare global {
  interface Window {
    digitread?: DigitReadBridge;
  }
}

/** IPC when the Electron preload is there, HTTP with the page's token otherwise. */
export function selectClient(): Client {
  if (window.digitread) return ipcClient(window.digitread);
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) throw new Error('Expected a token in the page URL for browser mode but received none');
  return httpClient(token);
}
