/**
 * The API of contract.ts over the store and the pipeline, transport-agnostic: the Electron IPC and the
 * browser-mode HTTP server both call this. Inputs are validated here too, so no transport can skip it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { ZodError } from 'zod';
import * as db from '../../db';
import { ARCHITECTURES, architecture, type ArchitectureName } from '../../engine/architecture';
import { LAYER_NAMES, LAYER_SHAPES } from '../../engine/graph';
import type { EngineLoader } from '../../engine/loaded';
import {
  batchingRecognizer,
  contentHash,
  expandInputs,
  exportCsv,
  exportJson,
  isImageName,
  openModel,
  runBatch,
  type InputFile,
  type PipelineModel,
} from '../pipeline';
import {
  ApiError,
  apiInputs,
  type ApiMethod,
  type ApiParsed,
  type BatchEvent,
  type DigitReadApi,
  type FeatureMapLayer,
  type ModelSummary,
} from './contract';
import { greyPngDataUrl } from './png';
import { createRetrainApi } from './retrain-service';
import { fieldView, scanView } from './views';

export interface ServiceOptions {
  dbPath: string;
  /** Read with this model file instead of the database's active model. */
  modelPath?: string;
  /** better-sqlite3 binary for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Where uploaded files are kept; default: 'uploads' beside the database. */
  uploadDir?: string;
  concurrency?: number;
  /** Where the engine runs: default, in this thread (webasm); Electron passes the GPU window with a fallback. */
  engine?: EngineLoader;
}

export type DigitReadService = DigitReadApi & {
  /** Cancels running batches (they can be resumed), waits for them, and closes the database. */
  close(): Promise<void>;
};

function parse<M extends ApiMethod>(method: M, input: unknown): ApiParsed<M> {
  try {
    return apiInputs[method].parse(input ?? {}) as ApiParsed<M>;
  } catch (err) {
    if (err instanceof ZodError) {
      const issue = err.issues[0];
      throw new ApiError('INVALID', `Invalid ${method} input at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    throw err;
  }
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ApiError('NOT_FOUND', `No ${what}`);
  return value;
}

function operator(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

function modelView(m: db.ModelRecord): ModelSummary {
  return { ...m };
}

/** One layer's activations for one input, channel-major. */
interface LayerActivation {
  name: string;
  channels: number;
  width: number;
  height: number;
  data: Float32Array;
}

function layerView(a: LayerActivation): FeatureMapLayer {
  const per = a.width * a.height;
  let min = Infinity;
  let max = -Infinity;
  for (const v of a.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const maps = Array.from({ length: a.channels }, (_, ch) =>
    greyPngDataUrl(a.width, a.height, Uint8Array.from(a.data.subarray(ch * per, (ch + 1) * per), (v) => Math.round((v - min) * scale))),
  );
  return { name: a.name, channels: a.channels, width: a.width, height: a.height, min, max, maps };
}

export function createService(o: ServiceOptions): DigitReadService {
  const c = db.openDatabase(o.dbPath, { nativeBinding: o.nativeBinding });
  db.markInterrupted(c); // batches of a process that died: offer to resume them
  const uploadDir = o.uploadDir ?? join(dirname(o.dbPath), 'uploads');
  const listeners = new Set<(e: BatchEvent) => void>();
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let model: Promise<PipelineModel & { recognizer: ReturnType<typeof batchingRecognizer> }> | undefined;
  let closed = false;

  const emit = (e: BatchEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // a broken listener (a closed window) must not stop the batch
      }
    }
  };

  const loadModel = () => {
    model ??= openModel(c, o.modelPath, o.engine).then((m) => ({ ...m, recognizer: batchingRecognizer(m.engine) }));
    model.catch(() => (model = undefined)); // let a later call retry
    return model;
  };

  const retrainApi = createRetrainApi(c, {
    dbPath: o.dbPath,
    engine: o.engine,
    busyReading: () => running.size > 0,
    onActivated: async () => {
      // The next batch loads the newly active model.
      const old = model;
      model = undefined;
      (await old?.catch(() => undefined))?.engine.destroy();
    },
  });

  const launch = (batchId: number, kind: db.BatchKind) => {
    const controller = new AbortController();
    const done = (async () => {
      try {
        const m = await loadModel();
        await runBatch(c, batchId, {
          kind,
          recognizer: m.recognizer,
          modelId: m.record.id,
          reviewThreshold: m.record.reviewThreshold,
          signal: controller.signal,
          concurrency: o.concurrency,
          onEvent: emit,
        });
      } catch (err) {
        try {
          db.finishBatch(c, batchId, 'interrupted');
        } catch {
          // the store itself failed; the next open marks the batch interrupted anyway
        }
        emit({ type: 'finished', batchId, status: 'interrupted', error: err instanceof Error ? err.message : String(err) });
      } finally {
        running.delete(batchId);
      }
    })();
    running.set(batchId, { controller, done });
    return { batchId };
  };

  const start = (files: InputFile[], kind: db.BatchKind, name: string | undefined, what: string) => {
    if (closed) throw new ApiError('UNAVAILABLE', 'The service is closed');
    if (files.length === 0) throw new ApiError('INVALID', `Expected image files for ${what} but received none`);
    const more = files.length > 1 ? ` and ${files.length - 1} more` : '';
    const batchId = db.createBatch(c, { name: name ?? `${files[0].name}${more}`, kind, files });
    return launch(batchId, kind);
  };

  const field = (id: number) => fieldView(found(db.getField(c, id), `field ${id}`));

  const api: DigitReadService = {
    async startBatch(input) {
      const p = parse('startBatch', input);
      return start(await expandInputs(p.paths), p.kind, p.name, 'startBatch paths');
    },

    async uploadBatch(input) {
      const p = parse('uploadBatch', input);
      await mkdir(uploadDir, { recursive: true });
      const files: InputFile[] = [];
      for (const f of p.files.filter((f) => isImageName(f.name))) {
        const name = basename(f.name.replace(/\\/g, '/'));
        // Content-addressed, so uploading the same file twice keeps one copy.
        const hash = contentHash(f.bytes).slice(0, 16);
        const path = join(uploadDir, `${hash}-${name.replace(/[^\w.-]+/g, '_')}`);
        await writeFile(path, f.bytes);
        files.push({ path, name });
      }
      return start(files, p.kind, p.name, 'uploadBatch files');
    },

    async cancelBatch(input) {
      const { batchId } = parse('cancelBatch', input);
      const run = running.get(batchId);
      if (run) {
        run.controller.abort();
        await run.done;
        return { cancelled: true };
      }
      const b = found(db.getBatch(c, batchId), `batch ${batchId}`);
      if (b.status !== 'interrupted') return { cancelled: false };
      db.finishBatch(c, batchId, 'cancelled'); // stop offering it
      return { cancelled: true };
    },

    async resumeBatch(input) {
      const { batchId } = parse('resumeBatch', input);
      const b = found(db.getBatch(c, batchId), `batch ${batchId}`);
      if (running.has(batchId)) return { batchId };
      if (b.status === 'running') throw new ApiError('CONFLICT', `Batch ${batchId} is being read by another process`);
      if (b.status === 'done') return { batchId };
      return launch(batchId, b.kind);
    },

    async listBatches(input) {
      parse('listBatches', input);
      return db.listBatches(c);
    },

    async listScans(input) {
      return db.listScans(c, parse('listScans', input));
    },

    async getScan(input) {
      const { scanId } = parse('getScan', input);
      const s = found(db.getScan(c, scanId), `scan ${scanId}`);
      return scanView(s, db.fieldsOfScan(c, scanId));
    },

    async getScanImage(input) {
      const { scanId, page } = parse('getScanImage', input);
      const s = found(db.getScan(c, scanId), `scan ${scanId}`);
      try {
        const { data, info } = await sharp(s.path, { page: page - 1, autoOrient: true, limitInputPixels: 100_000_000 })
          .png()
          .toBuffer({ resolveWithObject: true });
        return { mime: 'image/png', width: info.width, height: info.height, bytes: new Uint8Array(data) };
      } catch (err) {
        throw new ApiError('UNAVAILABLE', `Cannot show ${s.path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    async getDigit(input) {
      const { digitId } = parse('getDigit', input);
      const d = found(db.getDigit(c, digitId), `digit ${digitId}`);
      const f = field(d.fieldId);
      const s = found(db.getScan(c, f.scanId), `scan ${f.scanId}`);
      return { scan: { id: s.id, path: s.path, name: s.name }, field: f, digit: f.digits.find((x) => x.id === digitId)! };
    },

    async reviewQueue(input) {
      const p = parse('reviewQueue', input);
      const q = db.reviewQueue(c, p);
      return {
        left: q.left,
        items: q.entries.map((e) => {
          const s = db.getScan(c, e.scanId)!;
          return { scan: { id: s.id, path: s.path, name: s.name }, field: field(e.fieldId) };
        }),
      };
    },

    async correctDigit(input) {
      const p = parse('correctDigit', input);
      const fieldId = found(db.correctDigit(c, p.digitId, p.label, p.who ?? operator()), `digit ${p.digitId}`);
      return { field: field(fieldId) };
    },

    async acceptField(input) {
      const p = parse('acceptField', input);
      if (!db.acceptField(c, p.fieldId, p.who ?? operator())) throw new ApiError('NOT_FOUND', `No field ${p.fieldId}`);
      return { field: field(p.fieldId) };
    },

    async undoCorrection(input) {
      const p = parse('undoCorrection', input);
      const undone = db.undoLast(c, p.who);
      if (!undone) return { undone: null, field: null };
      const f = undone.fieldId === null ? undefined : db.getField(c, undone.fieldId);
      return {
        undone,
        field: f ? fieldView(f) : null,
      };
    },

    async exportResults(input) {
      const { format, batchId } = parse('exportResults', input);
      if (batchId !== undefined) found(db.getBatch(c, batchId), `batch ${batchId}`);
      const filename = `digitread${batchId === undefined ? '' : `-batch-${batchId}`}.${format}`;
      return format === 'csv'
        ? { filename, mime: 'text/csv', content: exportCsv(c, batchId) }
        : { filename, mime: 'application/json', content: exportJson(c, batchId) };
    },

    async modelInfo(input) {
      parse('modelInfo', input);
      let backend: string;
      let backendNote: string | null = null;
      try {
        const m = await loadModel();
        if (m.engine.backend() === null) await m.recognizer.classify([new Uint8Array(1024)]); // gpu.js picks on first run
        backend = m.engine.backend() ?? 'unknown';
        backendNote = m.engine.note();
      } catch (err) {
        backend = `unavailable (${err instanceof Error ? err.message : String(err)})`;
      }
      const active = db.activeModel(c);
      const arch = active?.architecture;
      return {
        active: active ? modelView(active) : null,
        models: db.listModels(c).map(modelView),
        backend,
        backendNote,
        layers: arch && (ARCHITECTURES as readonly string[]).includes(arch) ? architecture(arch as ArchitectureName).table : [],
      };
    },

    async featureMaps(input) {
      const { digitId } = parse('featureMaps', input);
      const d = found(db.getDigit(c, digitId), `digit ${digitId}`);
      const m = await loadModel();
      const layers = await m.engine.activations(d.input);
      return {
        digitId,
        inputUrl: greyPngDataUrl(32, 32, d.input.map((v) => 255 - v)),
        probabilities: Array.from(layers.probabilities), // the current model's, which may differ from the stored
        layers: LAYER_NAMES.map((name) => {
          const [channels, height, width] = LAYER_SHAPES[name];
          return layerView({ name, channels, height, width, data: layers[name] });
        }),
      };
    },

    async startRetrain(input) {
      return retrainApi.startRetrain(parse('startRetrain', input));
    },

    async cancelRetrain(input) {
      parse('cancelRetrain', input);
      return retrainApi.cancelRetrain();
    },

    async retrainProgress(input) {
      parse('retrainProgress', input);
      return retrainApi.retrainProgress();
    },

    async listModels(input) {
      parse('listModels', input);
      return retrainApi.listModels().map(modelView);
    },

    async activateModel(input) {
      const r = await retrainApi.activateModel(parse('activateModel', input));
      return { ...r, model: modelView(r.model) };
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      const stopping = [...running.entries()];
      for (const [, r] of stopping) r.controller.abort();
      await Promise.all(stopping.map(([, r]) => r.done));
      for (const [id] of stopping) db.finishBatch(c, id, 'interrupted'); // not cancelled by anyone: offer to resume
      await retrainApi.close();
      const m = await model?.catch(() => undefined);
      m?.engine.destroy();
      listeners.clear();
      c.close();
    },
  };
  return api;
}
