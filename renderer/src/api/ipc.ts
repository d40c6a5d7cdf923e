import type { DigitReadBridge } from '../../../main/electron/bridge';
import { batchName, unwrap, type Client } from './client';

/** Electron: the preload's bridge; files are passed by path and read by the service. */
export function ipcClient(bridge: DigitReadBridge): Client {
  return {
    transport: 'ipc',
    call: async (method, input) => unwrap(await bridge.call(method, input)),
    onEvent: (listener) => bridge.onEvent(listener),
    onCommand: (listener) => bridge.onCommand(listener),
    async importFiles(source) {
      const paths = source.items.map((file) => bridge.pathForFile(file)).filter((path) => path !== '');
      const result = await unwrap<{ batchId: number }>(
        await bridge.call('startBatch', { paths, name: batchName(source.items) }),
      );
      return result.batchId;
    },
  };
}
