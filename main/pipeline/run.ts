import { readFile } from 'node:fs/promises';
import {
  claimBatch,
  completeBatchFile,
  findScanByHash,
  finishBatch,
  getBatch,
  pendingFiles,
  saveScan,
  type BatchFile,
  type BatchKind,
  type BatchStatus,
  type Connection,
} from '../../db';
import type { Recognizer } from '../../engine/recognizer';
import type { ReadPage } from '../segmentation';
import type { BatchEvent } from '../api/contract';
import { contentHash } from './ingest';
import { errorText } from './segment-protocol';
import { SegmentPoolError, startSegmentPool } from './segment-pool';

export interface RunOptions {
  kind: BatchKind;
  /** Reads with this (usually a batchingRecognizer shared by all scans in flight). */
  recognizer: Recognizer;
  modelId: number;
  reviewThreshold: number;
  signal?: AbortSignal;
  /** Scans in flight at once; bounds memory whatever the batch size. */
  concurrency?: number;
  /** Segmentation worker threads (default DEFAULT_WORKERS); classification stays on this thread. */
  workers?: number;
  onEvent?: (event: BatchEvent) => void;
}

/**
 * Scans in flight, shared by the segmentation workers: while some wait for the engine the others are being
 * segmented, and the engine gets the candidates of several scans per batch. It is what bounds memory:
 * reading 10,000 zip scans stays near 300 MB (test/bench/pipeline-memory.ts).
 */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Reads the pending files of a batch: each file is hashed, read unless its content was read before, and
 * stored with its batch-file row in one transaction, so a kill at any point leaves whole scans only and a
 * later run picks up the rest. Returns the batch's final status.
 */
export async function runBatch(c: Connection, batchId: number, o: RunOptions): Promise<BatchStatus> {
  claimBatch(c, batchId);
  const emit = o.onEvent ?? (() => {});
  const before = getBatch(c, batchId)!;
  const files = pendingFiles(c, batchId);
  const pool = files.length > 0 ? startSegmentPool({ recognizer: o.recognizer, workers: o.workers }) : undefined;
  const started = performance.now();
  let done = 0;
  let failed = 0;
  let digits = 0;

  const finishFile = (f: BatchFile, scanId: number | null, error: string | null, newDigits: number) => {
    done++;
    if (error !== null) failed++;
    digits += newDigits;
    const elapsedSeconds = (performance.now() - started) / 1000;
    emit({ type: 'file', batchId, file: f.path, scanId, error });
    emit({
      type: 'progress',
      batchId,
      filesDone: before.filesDone + done,
      filesTotal: before.filesTotal,
      filesFailed: before.filesFailed + failed,
      digits: before.digits + digits,
      elapsedSeconds,
      etaSeconds: (elapsedSeconds / done) * (files.length - done),
    });
  };

  const readOne = async (f: BatchFile): Promise<void> => {
    let data: Buffer;
    try {
      data = await readFile(f.path);
    } catch (err) {
      const error = `cannot open the file (${(err as NodeJS.ErrnoException).code ?? errorText(err)})`;
      completeBatchFile(c, f.id, null, error);
      return finishFile(f, null, error, 0);
    }
    const hash = contentHash(data);
    const known = findScanByHash(c, hash);
    if (known?.status === 'read') {
      completeBatchFile(c, f.id, known.id, null); // same content read before: idempotent
      return finishFile(f, known.id, null, 0);
    }
    let result: { pages: ReadPage[] } | { error: string };
    try {
      result = { pages: await pool!.read(f.path, data, o.kind, o.signal) };
    } catch (err) {
      if (o.signal?.aborted) return; // cancelled: the file stays pending
      if (err instanceof SegmentPoolError) throw err; // not this file's fault: the batch stops, resumable
      result = { error: errorText(err) };
    }
    const scanId = saveScan(c, {
      hash,
      path: f.path,
      name: f.name,
      size: data.length,
      kind: o.kind,
      modelId: o.modelId,
      reviewThreshold: o.reviewThreshold,
      result,
      batchFileId: f.id,
    });
    const n = 'pages' in result ? result.pages.reduce((s, p) => s + p.fields.reduce((t, fl) => t + fl.digits.length, 0), 0) : 0;
    finishFile(f, scanId, 'error' in result ? result.error : null, n);
  };

  let next = 0;
  let fatal: { error: unknown } | undefined; // a store failure stops the batch; it stays 'running' → interrupted
  const lane = async () => {
    while (next < files.length && !o.signal?.aborted && !fatal) {
      await readOne(files[next++]).catch((error: unknown) => (fatal ??= { error }));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? DEFAULT_CONCURRENCY, files.length) }, lane));
  } finally {
    await pool?.close();
  }
  if (fatal) throw fatal.error;

  const status: BatchStatus = o.signal?.aborted ? 'cancelled' : 'done';
  finishBatch(c, batchId, status);
  emit({ type: 'finished', batchId, status, error: null });
  return status;
}
