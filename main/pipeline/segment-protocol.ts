import type { DocumentKind, ReadPage } from '../segmentation';

/**
 * Messages between the pipeline and its segmentation workers. A worker decodes and segments scans; whenever
 * segmentation needs the engine it asks the pipeline thread, whose batching recogniser gathers the candidate
 * digits of every scan in flight into one engine batch.
 */
export type ToSegmentWorker =
  | { type: 'read'; job: number; file: string; data: Uint8Array; kind: DocumentKind | 'auto' }
  | { type: 'cancel'; job: number }
  /** Answer to a 'classify': `probs` holds 10 values per input, in order. */
  | { type: 'probs'; request: number; probs: Float32Array }
  | { type: 'probs'; request: number; error: string };

export type FromSegmentWorker =
  /** `inputs` holds the request's 32×32 digit inputs end to end. */
  | { type: 'classify'; request: number; inputs: Uint8Array; committee: boolean }
  | { type: 'read'; job: number; pages: ReadPage[] }
  | { type: 'failed'; job: number; error: string };

/** What a failed read says: a ScanError's reason (words a person can act on), else the error's message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return 'reason' in err && typeof err.reason === 'string' ? err.reason : err.message;
  return String(err);
}
