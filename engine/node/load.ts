import { basename } from 'node:path';
import { createGpu, type BackendName } from '../backend';
import { Engine } from '../engine';
import { modelInfo, type EngineLoader, type LoadedRecognizer } from '../loaded';
import type { EngineHost } from '../remote/client';
import { readModel, readModelBytes, SHIPPED_MODEL_PATH } from './files';

export { SHIPPED_MODEL_PATH };
export type { LoadedRecognizer, ModelInfo } from '../loaded';

export interface LoadOptions {
  modelPath?: string;
  backend?: BackendName;
}

/** Loads a model file (the shipped one by default) onto a backend, ready to classify. */
export async function loadEngine(opts: LoadOptions = {}): Promise<Engine> {
  const model = await readModel(opts.modelPath ?? SHIPPED_MODEL_PATH);
  return new Engine(createGpu(opts.backend ?? 'auto'), model);
}

/** A model on an engine in this thread (under Node: webasm, or whatever gpu.js finds). */
export async function loadRecognizer(opts: LoadOptions = {}): Promise<LoadedRecognizer> {
  const engine = await loadEngine(opts);
  return {
    model: modelInfo(engine.model),
    backend: () => engine.backend(),
    note: () => null,
    classify: (inputs, o) => engine.classify(inputs, o),
    activations: (input) => engine.activations(input),
    destroy: () => engine.destroy(),
  };
}

/** Reads in this thread: the default for the service. */
export const localEngineLoader: EngineLoader = (modelPath) => loadRecognizer({ modelPath });

/** Reads on an engine host (the Electron GPU window): the file is read here and its bytes sent over. */
export function remoteEngineLoader(host: EngineHost): EngineLoader {
  return async (modelPath) => host.load(await readModelBytes(modelPath), basename(modelPath));
}
