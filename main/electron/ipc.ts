import { ipcMain, type WebContents } from 'electron';
import { toWireError, validateCall, type WireResult } from '../server/dispatch';
import type { ApiHost } from '../server/protocol';
import { CHANNELS } from './bridge';
import { isAppUrl } from './security';

/**
 * The IPC side of the API: only the app window's page may call, and every call is validated with the contract's
 * schemas before the service sees it.
 */
export function wireIpc(host: ApiHost, window: () => WebContents | undefined): void {
  ipcMain.handle(CHANNELS.call, async (event, method: unknown, input: unknown): Promise<WireResult> => {
    // Only the app window (not the hidden engine window), and only a frame showing the app's own page.
    if (event.sender !== window() || !isAppUrl(event.senderFrame?.url ?? '')) {
      return { ok: false, error: { code: 'INVALID', message: 'Expected a call from the app window but received one from elsewhere' } };
    }
    try {
      return await host.call(validateCall(method, input));
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  });
  host.onEvent((event) => window()?.send(CHANNELS.event, event));
}
