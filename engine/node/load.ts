import { createGpu, type BackendName } from '../backend';
import { Engine } from '../engine';
import type { Recognizer } from '../recognizer';
import { readModel, SHIPPED_MODEL_PATH } from './files';

export { SHIPPED_MODEL_PATH };

export interface LoadOptions {
  modelPath?: string;
  backend?: BackendName;
}

/** Loads a model file (the shipped one by default) onto a backend, ready to classify. */
export async function loadEngine(opts: LoadOptions = {}): Promise<Engine> {
  const model = await readModel(opts.modelPath ?? SHIPPED_MODEL_PATH);
  return new Engine(createGpu(opts.backend ?? 'auto'), model);
}

export interface ModelInfo {
  id: string;
  architecture: string;
  reviewThreshold: number;
  metrics: Record<string, number>;
}

export interface LoadedRecognizer extends Recognizer {
  engine: Engine;
  model: ModelInfo;
  destroy(): void;
}

/** The Recognizer contract (engine/recognizer.ts) with the model's identity and review threshold. */
export async function loadRecognizer(opts: LoadOptions = {}): Promise<LoadedRecognizer> {
  const engine = await loadEngine(opts);
  const { header, id } = engine.model;
  return {
    engine,
    model: { id, architecture: header.architecture, reviewThreshold: header.reviewThreshold, metrics: header.metrics },
    classify: (inputs) => engine.classify(inputs),
    destroy: () => engine.destroy(),
  };
}
