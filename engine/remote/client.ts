/**
 * The engine's client side: a LoadedRecognizer whose engine lives across a Channel (in Electron, a hidden
 * Chromium window on the GPU). Every reply is checked against protocol.ts before use; a host that stops
 * answering (gone, or silent past the timeout) fails every waiting and later call, so a fallback can take over.
 */
import { z } from 'zod';
import type { BackendName } from '../backend';
import { modelInfo, type LoadedRecognizer } from '../loaded';
import { decodeModel } from '../model-file';
import { DIGIT_PIXELS, type ClassifyOptions, type DigitInput } from '../recognizer';
import type { Channel } from './channel';
import { activationsSchema, goneSchema, loadedSchema, probabilitiesSchema, replySchema, type HostRequest } from './protocol';

/**
 * The GPU backends the engine window may use; anything else is better done by webasm in Node. WebGL2 first: it
 * is the one the engine's tests check in Chromium (gradients, and this host against webasm); WebGPU where it is
 * missing. Not WebGL 1, whose float textures are optional: webasm is the surer reader there.
 */
export const GPU_BACKENDS: readonly BackendName[] = ['webgl2', 'webgpu'];

export interface EngineHostOptions {
  /** The gpu.js backends the host may use, tried in order; default: the GPU ones. */
  backends?: readonly BackendName[];
  /** Use the host even where its graphics are a software renderer (tests on SwiftShader); default: refuse. */
  software?: boolean;
  /** A request unanswered for this long means the host is stuck (kernel compilation included). */
  timeoutMs?: number;
}

/** A request before the client numbers it. */
type Request = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

const nullSchema = z.null();

/** A failure of the host (it answered with an error, answered wrongly, went silent or went away), not of the input. */
export class EngineHostError extends Error {
  override name = 'EngineHostError';
}

export interface EngineHost {
  load(bytes: Uint8Array, name: string): Promise<LoadedRecognizer>;
  /** Stops listening; waiting calls fail. */
  close(): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: EngineHostError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function connectEngineHost(channel: Channel, options: EngineHostOptions = {}): EngineHost {
  const { backends = GPU_BACKENDS, software = false, timeoutMs = 120_000 } = options;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: string | undefined;

  const die = (reason: string) => {
    dead ??= reason;
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new EngineHostError(`The GPU engine window stopped: ${reason}`));
    }
    pending.clear();
  };

  const stop = channel.listen((message) => {
    const gone = goneSchema.safeParse(message);
    if (gone.success) return die(gone.data.reason);
    const reply = replySchema.safeParse(message);
    if (!reply.success) return die(`it sent a message that is not a reply (${reply.error.issues[0]?.message ?? 'invalid'})`);
    const p = pending.get(reply.data.id);
    if (!p) return;
    pending.delete(reply.data.id);
    clearTimeout(p.timer);
    if (reply.data.ok) p.resolve(reply.data.value);
    else p.reject(new EngineHostError(reply.data.message));
  });

  const request = async <T>(message: Request, schema: z.ZodType<T>): Promise<T> => {
    if (dead) throw new EngineHostError(`The GPU engine window stopped: ${dead}`);
    const id = nextId++;
    const value = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => die(`no answer to ${message.type} within ${timeoutMs / 1000} s`), timeoutMs);
      pending.set(id, { resolve, reject, timer });
      channel.post({ ...message, id });
    });
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new EngineHostError(`The GPU engine window answered ${message.type} with ${parsed.error.issues[0]?.message ?? 'an invalid value'}`);
    return parsed.data;
  };

  return {
    async load(bytes, name) {
      const model = await decodeModel(bytes, name); // fails here, with the file's name, before the host sees it
      const { handle, backend: used } = await request({ type: 'load', name, bytes, backends: [...backends], software }, loadedSchema);
      return {
        model: modelInfo(model),
        backend: () => used,
        note: () => null,
        async classify(inputs: readonly DigitInput[], o?: ClassifyOptions) {
          if (inputs.length === 0) return [];
          const flat = new Uint8Array(inputs.length * DIGIT_PIXELS);
          inputs.forEach((x, i) => {
            if (x.length !== DIGIT_PIXELS) throw new Error(`Expected ${DIGIT_PIXELS} pixels for digit input ${i} but received ${x.length}`);
            flat.set(x, i * DIGIT_PIXELS);
          });
          const p = await request({ type: 'classify', handle, inputs: flat, count: inputs.length, committee: o?.committee ?? false }, probabilitiesSchema(inputs.length));
          return inputs.map((_, i) => p.slice(i * 10, i * 10 + 10));
        },
        activations: (input) => request({ type: 'activations', handle, input: Uint8Array.from(input) }, activationsSchema),
        destroy() {
          if (!dead) void request({ type: 'unload', handle }, nullSchema).catch(() => undefined);
        },
      };
    },
    close() {
      stop();
      die('closed');
    },
  };
}
