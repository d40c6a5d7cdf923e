import type { RetrainOutcome } from './job';
import type { RetrainProgress } from './progress';

export type ToRetrainWorker = { type: 'cancel' };

export type FromRetrainWorker =
  | { type: 'progress'; progress: RetrainProgress }
  | { type: 'done'; outcome: RetrainOutcome }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string };
