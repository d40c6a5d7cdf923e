/** The one object the preload exposes to the renderer as `window.digitread` (types only, shared by both sides). */
import type { BatchEvent } from '../api/contract';
import type { WireResult } from '../server/dispatch';

export type AppView = 'batches' | 'review' | 'browse' | 'model';

/** Sent by the application menu to the window. */
export type MenuCommand = { type: 'navigate'; view: AppView };

export interface DigitReadBridge {
  /** Calls an API method; main validates the input before the service sees it. */
  call(method: string, input: unknown): Promise<WireResult>;
  onEvent(listener: (event: BatchEvent) => void): () => void;
  onCommand(listener: (command: MenuCommand) => void): () => void;
  /** The file system path of a dropped or picked file (or folder). */
  pathForFile(file: File): string;
}

export const CHANNELS = {
  call: 'digitread:call',
  event: 'digitread:event',
  command: 'digitread:command',
} as const;
