import type { ApiErrorCode, ApiInput, ApiMethod, ApiOutput, BatchEvent } from '../../../main/api/contract';
import type { MenuCommand } from '../../../main/electron/bridge';
import type { WireResult } from '../../../main/server/dispatch';

/** Files the operator dropped or picked: the top-level items, and all the files beneath them. */
export interface ImportSource {
  items: File[];
  expand(): Promise<PickedFile[]>;
}

/** A file beneath the dropped or picked items, with its path relative to them (`folder/scan.png`). */
export interface PickedFile {
  file: File;
  path: string;
}

/** The renderer's one view of the API, over IPC (Electron) or HTTP (browser mode). */
export interface Client {
  readonly transport: 'ipc' | 'http';
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  onEvent(listener: (event: BatchEvent) => void): () => void;
  onCommand(listener: (command: MenuCommand) => void): () => void;
  /** Starts a batch from dropped or picked files and returns its id. */
  importFiles(source: ImportSource): Promise<number>;
}

export class ClientError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

export function unwrap<T>(result: WireResult): T {
  if (result.ok) return result.value as T;
  throw new ClientError(result.error.code, result.error.message);
}

/**
 * A batch picked as one folder is named after it; otherwise the service names it after its files.
 */
export function batchName(items: readonly File[]): string | undefined {
  const folder = items[0]?.webkitRelativePath.split('/')[0];
  if (folder) return folder;
  return items.length === 1 ? items[0]?.name : undefined;
}
