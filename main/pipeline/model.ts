import { activateModel, activeModel, upsertModel, type Connection, type ModelRecord } from '../../db';
import type { EngineLoader } from '../../engine/loaded';
import { localEngineLoader, SHIPPED_MODEL_PATH, type LoadedRecognizer } from '../../engine/node/load';

export interface PipelineModel {
  engine: LoadedRecognizer;
  record: ModelRecord;
}

/**
 * Loads the model to read with: the file given, else the database's active model, else the shipped one.
 * Registers it in the models table; the first model of a database becomes the active one. `load` puts the
 * engine where the caller wants it (the Electron GPU window, say); by default it runs in this thread.
 */
export async function openModel(c: Connection, modelPath?: string, load: EngineLoader = localEngineLoader): Promise<PipelineModel> {
  const file = modelPath ?? activeModel(c)?.file ?? SHIPPED_MODEL_PATH;
  const engine = await load(file);
  try {
    let record = upsertModel(c, {
      name: engine.model.id,
      file,
      architecture: engine.model.architecture,
      metrics: engine.model.metrics,
      reviewThreshold: engine.model.reviewThreshold,
    });
    if (!activeModel(c)) {
      activateModel(c, record.id);
      record = { ...record, active: true };
    }
    return { engine, record };
  } catch (err) {
    engine.destroy();
    throw err;
  }
}
