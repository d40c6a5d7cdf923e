/** The retrain and model-version methods of the service (service.ts delegates to these once inputs are parsed). */
import * as db from '../../db';
import type { EngineLoader } from '../../engine/loaded';
import { activateVersion } from '../retrain/activate';
import { RetrainCancelled } from '../retrain/host';
import { modelsDirFor, retrain } from '../retrain/retrain';
import { ApiError, type ActivationResult, type ApiParsed, type ModelSummary, type RetrainStatus } from './contract';

export interface RetrainApi {
  startRetrain(p: ApiParsed<'startRetrain'>): Promise<{ runId: number }>;
  cancelRetrain(): Promise<{ cancelled: boolean }>;
  retrainProgress(): RetrainStatus;
  listModels(): ModelSummary[];
  activateModel(p: ApiParsed<'activateModel'>): Promise<ActivationResult>;
  /** Cancels a running retrain and waits for it. */
  close(): Promise<void>;
}

export function createRetrainApi(
  c: db.Connection,
  o: {
    dbPath: string;
    engine?: EngineLoader;
    /** Activation is refused while this says reading is under way (a re-read would race the batch). */
    busyReading(): boolean;
    /** Called after a version became active, so that the next batch reads with it. */
    onActivated(): Promise<void>;
  },
): RetrainApi {
  let status: RetrainStatus = { runId: null, state: 'idle', progress: null, modelId: null, error: null };
  let running: { controller: AbortController; done: Promise<void> } | undefined;

  return {
    async startRetrain(p) {
      if (running) throw new ApiError('CONFLICT', `Retrain ${status.runId} is still running`);
      const controller = new AbortController();
      let runId: number | undefined;
      const job = retrain(c, {
        modelsDir: modelsDirFor(o.dbPath),
        settings: p.settings,
        signal: controller.signal,
        onStart: (id) => (runId = id),
        onProgress: (progress) => (status = { ...status, progress }),
      });
      // retrain() records its run before its first await; without a run id it failed before starting.
      if (runId === undefined) {
        await job.catch((err: unknown) => {
          throw new ApiError('INVALID', err instanceof Error ? err.message : String(err));
        });
        throw new ApiError('UNAVAILABLE', 'The retrain did not start');
      }
      status = { runId, state: 'running', progress: null, modelId: null, error: null };
      const done = job.then(
        (r) => void (status = { ...status, state: 'done', modelId: r.model.id }),
        (err: unknown) =>
          void (status =
            err instanceof RetrainCancelled
              ? { ...status, state: 'cancelled' }
              : { ...status, state: 'failed', error: err instanceof Error ? err.message : String(err) }),
      );
      running = { controller, done: done.finally(() => (running = undefined)) };
      return { runId };
    },

    async cancelRetrain() {
      if (!running) return { cancelled: false };
      running.controller.abort();
      await running.done;
      return { cancelled: true };
    },

    retrainProgress: () => status,

    listModels: () => db.listModels(c),

    async activateModel({ modelId }) {
      if (!db.getModel(c, modelId)) throw new ApiError('NOT_FOUND', `No model ${modelId}`);
      if (o.busyReading()) throw new ApiError('CONFLICT', 'Batches are being read; activate once they finish');
      const report = await activateVersion(c, modelId, { load: o.engine });
      await o.onActivated();
      return report;
    },

    async close() {
      running?.controller.abort();
      await running?.done;
    },
  };
}
