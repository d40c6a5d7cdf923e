/**
 * The one API the renderer sees. Electron IPC and the browser-mode HTTP server both expose exactly these
 * methods; every method takes one input object, validated with `apiInputs[method]` where it enters main.
 * Outputs are plain JSON-friendly data, except `getScanImage` (bytes) and `uploadBatch` input (bytes).
 */
import { z } from 'zod';
import type { RetrainProgress } from '../retrain/progress';

export type Box = [x: number, y: number, w: number, h: number];
export type DocumentKind = 'zip' | 'cheque' | 'digits';
export type BatchStatus = 'running' | 'done' | 'cancelled' | 'interrupted';
/** failed: not readable; needs-review: a field is unsure and not yet accepted; reviewed: all such accepted. */
export type ScanState = 'ok' | 'needs-review' | 'reviewed' | 'failed';

// ---------- inputs ----------
const id = z.number().int().positive();
const kind = z.enum(['zip', 'cheque', 'digits', 'auto']);
/** The operator's name for the corrections log; defaults to the OS user. */
const who = z.string().min(1).max(100).optional();

export const apiInputs = {
  /** Electron: read files and folders (folders are expanded, non-images skipped). */
  startBatch: z.object({
    paths: z.array(z.string().min(1)).min(1),
    kind: kind.default('auto'),
    name: z.string().max(200).optional(),
  }),
  /** Browser mode: read uploaded files; they are kept next to the database so a batch can be resumed. */
  uploadBatch: z.object({
    files: z.array(z.object({ name: z.string().min(1).max(255), bytes: z.instanceof(Uint8Array) })).min(1),
    kind: kind.default('auto'),
    name: z.string().max(200).optional(),
  }),
  cancelBatch: z.object({ batchId: id }),
  /** Finishes an interrupted or cancelled batch (the files not yet read). */
  resumeBatch: z.object({ batchId: id }),
  listBatches: z.object({}),
  listScans: z.object({
    batchId: id.optional(),
    state: z.enum(['ok', 'needs-review', 'reviewed', 'failed']).optional(),
    /** Scans whose least confident field is within [minConfidence, maxConfidence]. */
    minConfidence: z.number().min(0).max(1).optional(),
    maxConfidence: z.number().min(0).max(1).optional(),
    /** Substring of the file path or of a field's text. */
    search: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  getScan: z.object({ scanId: id }),
  getScanImage: z.object({ scanId: id, page: z.number().int().min(1).default(1) }),
  /** One digit with its field and scan (the model view's selection). */
  getDigit: z.object({ digitId: id }),
  /** Fields that need review and are not accepted, least confident first. */
  reviewQueue: z.object({ batchId: id.optional(), limit: z.number().int().min(1).max(500).default(50) }),
  correctDigit: z.object({ digitId: id, label: z.number().int().min(0).max(9), who }),
  acceptField: z.object({ fieldId: id, who }),
  /** Undoes the latest correction or acceptance (of this operator when `who` is given). */
  undoCorrection: z.object({ who }),
  exportResults: z.object({ format: z.enum(['csv', 'json']), batchId: id.optional() }),
  modelInfo: z.object({}),
  featureMaps: z.object({ digitId: id }),
  /** Fine-tunes the active model on the corrections and confirmed digits into a new version (one run at a time). */
  startRetrain: z.object({
    settings: z
      .object({
        epochs: z.number().int().min(1).max(50),
        learningRate: z.number().positive().max(0.01),
        replayRatio: z.number().min(0).max(20),
        calibrationScans: z.number().int().min(0).max(5000),
      })
      .partial()
      .default({}),
  }),
  /** Stops the running retrain between two training steps or calibration scans; nothing is written. */
  cancelRetrain: z.object({}),
  /** The running or latest retrain of this session: phase, epoch, loss, held-out accuracy per epoch, ETA. */
  retrainProgress: z.object({}),
  listModels: z.object({}),
  /** Makes a version the active model and re-reads the scans not yet confirmed with it. */
  activateModel: z.object({ modelId: id }),
} as const;

export type ApiMethod = keyof typeof apiInputs;
/** What a caller passes (defaults optional). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
/** What the service receives after validation (defaults filled). */
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

// ---------- outputs ----------
export interface BatchSummary {
  id: number;
  name: string;
  kind: DocumentKind | 'auto';
  status: BatchStatus;
  createdAt: string; // ISO 8601
  finishedAt: string | null;
  filesTotal: number;
  filesDone: number; // read or failed
  filesFailed: number;
  fields: number;
  digits: number;
  needsReview: number; // fields still to review
}

export interface ScanSummary {
  id: number;
  path: string;
  name: string;
  state: ScanState;
  error: string | null;
  text: string; // the fields' texts, corrections applied, joined by ' '
  confidence: number | null; // least field confidence; null without fields
  fieldCount: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface DigitDetail {
  id: number;
  index: number; // position within the field
  box: Box; // in page pixels
  label: number; // corrected label if any, else predicted
  predicted: number;
  corrected: boolean;
  confidence: number; // of the predicted label
  probabilities: number[]; // 10
  cropUrl: string; // PNG data URL of the grey crop
}

export interface FieldDetail {
  id: number;
  scanId: number;
  page: number;
  kind: DocumentKind;
  box: Box;
  text: string; // separators kept, corrections applied
  predictedText: string;
  confidence: number;
  needsReview: boolean; // confidence under the model's review threshold
  accepted: boolean;
  digits: DigitDetail[];
}

export interface ScanDetail extends ScanSummary {
  hash: string; // sha256 of the file
  size: number;
  pages: { page: number; width: number; height: number }[];
  fields: FieldDetail[];
}

export interface ScanImage {
  mime: 'image/png';
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface ReviewItem {
  scan: { id: number; path: string; name: string };
  field: FieldDetail;
}

/** A digit as stored (crop, label, the probabilities it was read with), with its field and scan. */
export interface DigitInContext extends ReviewItem {
  digit: DigitDetail;
}

export interface ReviewQueue {
  left: number; // all fields still to review (not only those returned)
  items: ReviewItem[];
}

export interface CorrectionResult {
  field: FieldDetail; // the field after the change
}

export interface UndoResult {
  /** What was undone, or null when there was nothing to undo. */
  undone: { kind: 'label' | 'accept'; fieldId: number | null; digitId: number | null } | null;
  field: FieldDetail | null;
}

export interface ExportFile {
  filename: string;
  mime: 'text/csv' | 'application/json';
  content: string;
}

export interface ModelSummary {
  /** What a retrained version learnt from (digit counts, settings); {} for a model registered from a file. */
  data: Record<string, unknown>;
  id: number;
  name: string; // the engine's model id
  architecture: string;
  file: string;
  parentId: number | null;
  reviewThreshold: number;
  metrics: Record<string, number>;
  active: boolean;
  createdAt: string;
}

/** One row of the architecture's layer table (engine/architecture.ts `table`). */
export interface LayerRow {
  layer: string;
  output: string; // e.g. '6@28×28'
  params: number;
  connections: number;
  notes: string;
}

export interface ModelInfo {
  active: ModelSummary | null;
  models: ModelSummary[];
  backend: string; // the gpu.js backend reading runs on: 'webgl2', 'webgpu' (the GPU window), 'webasm' (Node)
  /** Why reading does not run on the GPU window where one was meant to, else null. */
  backendNote: string | null;
  layers: LayerRow[];
}

export interface FeatureMapLayer {
  name: string;
  channels: number;
  width: number;
  height: number;
  min: number;
  max: number;
  maps: string[]; // one PNG data URL per channel, values scaled from [min, max] to [0, 255]
}

export interface FeatureMaps {
  digitId: number;
  inputUrl: string; // PNG data URL of the 32×32 network input
  probabilities: number[];
  layers: FeatureMapLayer[];
}

export type { RetrainEpoch, RetrainProgress } from '../retrain/progress';

export interface RetrainStatus {
  /** The run of this session, or null before the first. */
  runId: number | null;
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: RetrainProgress | null;
  /** The version it made (state 'done'), to compare with its parent and activate. */
  modelId: number | null;
  error: string | null;
}

export interface ActivationResult {
  model: ModelSummary;
  /** Unconfirmed scans read again with the model, and how many predictions changed. */
  rescanned: number;
  fieldsChanged: number;
  digitsChanged: number;
  failed: { path: string; error: string }[];
}

/** Pushed to subscribers while batches run (IPC: webContents.send; HTTP: server-sent events). */
export type BatchEvent =
  | {
      type: 'progress';
      batchId: number;
      filesDone: number;
      filesTotal: number;
      filesFailed: number;
      digits: number;
      elapsedSeconds: number;
      etaSeconds: number | null;
    }
  | { type: 'file'; batchId: number; file: string; scanId: number | null; error: string | null }
  /** error: why the batch stopped early (the model failed to load, the disk is full), else null. */
  | { type: 'finished'; batchId: number; status: BatchStatus; error: string | null };

type Out = {
  startBatch: { batchId: number };
  uploadBatch: { batchId: number };
  cancelBatch: { cancelled: boolean };
  resumeBatch: { batchId: number };
  listBatches: BatchSummary[];
  listScans: Page<ScanSummary>;
  getScan: ScanDetail;
  getScanImage: ScanImage;
  getDigit: DigitInContext;
  reviewQueue: ReviewQueue;
  correctDigit: CorrectionResult;
  acceptField: CorrectionResult;
  undoCorrection: UndoResult;
  exportResults: ExportFile;
  modelInfo: ModelInfo;
  featureMaps: FeatureMaps;
  startRetrain: { runId: number };
  cancelRetrain: { cancelled: boolean };
  retrainProgress: RetrainStatus;
  listModels: ModelSummary[];
  activateModel: ActivationResult;
};
export type ApiOutput<M extends ApiMethod> = Out[M];

/** The API: one async method per entry of `apiInputs`, plus event subscription. */
export type DigitReadApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> } & {
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: BatchEvent) => void): () => void;
};

/** Errors cross transports as { code, message }; NOT_FOUND for unknown ids, INVALID for bad input. */
export type ApiErrorCode = 'NOT_FOUND' | 'INVALID' | 'CONFLICT' | 'UNAVAILABLE';
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
