import { activateModel, activeModel, upsertModel, type Connection, type ModelRecord } from '../../db';
import { loadRecognizer, SHIPPED_MODEL_PATH, type LoadedRecognizer } from '../../engine/node/load';

export interface PipelineModel {
  engine: LoadedRecognizer;
  record: ModelRecord;
}

/**
 * Loads the model to read with: the file given, else the database's active model, else the shipped one.
 * Registers it in the models table; the first model of a database becomes the active one.
 */
export async function openModel(c: Connection, modelPath?: string): Promise<PipelineModel> {
  const file = modelPath ?? activeModel(c)?.file ?? SHIPPED_MODEL_PATH;
  const engine = await loadRecognizer({ modelPath: file });
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
