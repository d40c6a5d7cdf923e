import type { EngineLoader, LoadedRecognizer } from '../loaded';
import { EngineHostError } from './client';

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The GPU engine where it works, the fallback (webasm in Node) where it does not: when loading on the primary
 * fails, or when the primary's host fails later (crash, lost context, silence), the model is loaded on the
 * fallback and the call is retried there. Errors of the input itself are not the host's and pass through.
 * `note()` says why the fallback is in use.
 */
export function withFallback(primary: EngineLoader, fallback: EngineLoader): EngineLoader {
  return async (modelPath) => {
    let note: string | null = null;
    let active: LoadedRecognizer;
    try {
      active = await primary(modelPath);
    } catch (err) {
      note = `GPU engine unavailable: ${reasonOf(err)}`;
      active = await fallback(modelPath);
    }
    const onPrimary = note === null ? active : undefined;
    let switching: Promise<LoadedRecognizer> | undefined;

    const run = async <T>(call: (r: LoadedRecognizer) => Promise<T>): Promise<T> => {
      const used = active;
      try {
        return await call(used);
      } catch (err) {
        if (used !== onPrimary || !(err instanceof EngineHostError)) throw err;
        switching ??= (async () => {
          note = `GPU engine failed, reading on: ${reasonOf(err)}`;
          used.destroy();
          active = await fallback(modelPath);
          return active;
        })();
        return call(await switching);
      }
    };

    return {
      get model() {
        return active.model;
      },
      backend: () => active.backend(),
      note: () => note,
      classify: (inputs, o) => run((r) => r.classify(inputs, o)),
      activations: (input) => run((r) => r.activations(input)),
      destroy: () => active.destroy(),
    };
  };
}
