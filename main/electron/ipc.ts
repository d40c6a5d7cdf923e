import { ipcMain, type WebContents } from 'electron';
import { toWireError, validateCall, type WireResult } from '../server/dispatch';
import type { ApiHost } from '../server/protocol';
import { CHANNELS } from './bridge';
import { isAppUrl } from './security';

/**
 * The IPC side of the API: only the app's own page may call, and every call is validated with the contract's
 * schemas before the service sees it.
 */
export function wireIpc(host: ApiHost, window: () => WebContents | undefined): void {
  ipcMain.handle(CHANNELS.call, async (event, method: unknown, input: unknown): Promise<WireResult> => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) {
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
