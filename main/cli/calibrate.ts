import { SingleBar, Presets } from 'cli-progress';
import { SHIPPED_MODEL_PATH } from '../../engine/node/files';
import { calibrateModel, type CalibrateOptions } from '../pipeline/calibrate';

/** Sets a model's field review threshold on validation scans and rewrites the model file with it. */
export async function calibrateCommand(o: Omit<CalibrateOptions, 'modelPath' | 'onProgress'> & { modelPath?: string; json: boolean }): Promise<number> {
  const bar = process.stderr.isTTY ? new SingleBar({ format: '{stage} |{bar}| {value}/{total}', hideCursor: true, fps: 5 }, Presets.shades_classic) : undefined;
  let stage = '';
  const result = await calibrateModel({
    ...o,
    modelPath: o.modelPath ?? SHIPPED_MODEL_PATH,
    onProgress: (s, done, total) => {
      if (!stage) bar?.start(total, done, { stage: s });
      if (s !== stage && !bar) process.stderr.write(`${s}…\n`);
      stage = s;
      bar?.update(done, { stage: s });
    },
  }).finally(() => bar?.stop());
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `${result.model}: review threshold ${result.reviewThreshold.toPrecision(4)} (was ${result.previousReviewThreshold.toPrecision(4)}): ` +
        `${result.acceptedFields} of ${result.fields} validation fields accepted (${(100 * result.acceptRate).toFixed(1)}%), ` +
        `${result.wrongAccepted} of them wrong (${(100 * result.acceptedFieldError).toFixed(2)}%, target ${(100 * result.targetFieldError).toFixed(2)}%)\n`,
    );
  return 0;
}
