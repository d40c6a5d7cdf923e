/** A model loaded for reading, wherever its engine runs (this thread, or a Chromium page on the GPU). */
import type { LayerName } from './graph';
import type { LoadedModel } from './model-file';
import type { DigitInput, Recognizer } from './recognizer';

export interface ModelInfo {
  id: string;
  architecture: string;
  reviewThreshold: number;
  metrics: Record<string, number>;
}

export function modelInfo(model: LoadedModel): ModelInfo {
  const { header, id } = model;
  return { id, architecture: header.architecture, reviewThreshold: header.reviewThreshold, metrics: header.metrics };
}

/** The Recognizer contract (recognizer.ts) with the model's identity, its backend, and activations for display. */
export interface LoadedRecognizer extends Recognizer {
  model: ModelInfo;
  /** The backend gpu.js runs on (null before the first call). */
  backend(): string | null;
  /** Why the engine does not run where it was meant to (the GPU window is unavailable), else null. */
  note(): string | null;
  /** Every layer's output for one digit, flat and channel-major (graph.ts LAYER_SHAPES). */
  activations(input: DigitInput): Promise<Record<LayerName, Float32Array>>;
  destroy(): void;
}

/** Loads a model file for reading; the service takes one of these, so where the engine runs is the caller's choice. */
export type EngineLoader = (modelPath: string) => Promise<LoadedRecognizer>;
