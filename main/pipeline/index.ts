/** The reading pipeline: files in, scans read and stored, progress out. Plain Node; no Electron. */
export { contentHash, expandInputs, isImageName, IMAGE_EXTENSIONS, type InputFile } from './ingest';
export { batchingRecognizer, type BatchingStats } from './batching';
export { openModel, type PipelineModel } from './model';
export { runBatch, DEFAULT_CONCURRENCY, type RunOptions } from './run';
export { DEFAULT_WORKERS } from './segment-pool';
export { exportCsv, exportJson, scanJson, type ScanJson } from './export';
export { defaultDbPath } from './paths';
