/**
 * Messages between the engine's client (in the service, under Node) and its host (a Chromium page holding the
 * engine on WebGL2/WebGPU). Requests carry an id; the host answers each with a reply of the same id. The
 * connector (Electron main) may add `gone` when the host's page dies, so that waiting calls fail at once.
 * Replies come from another process, so the client checks them with these schemas before using them.
 */
import { z } from 'zod';
import type { BackendName } from '../backend';
import { LAYER_NAMES, LAYER_SHAPES, type LayerName } from '../graph';

export type HostRequest =
  /**
   * Loads a model file's bytes on the first of `backends` that works; the reply is { handle, backend }. Unless
   * `software`, a host whose graphics are a software renderer (SwiftShader, llvmpipe) refuses: on the CPU,
   * webasm reads faster.
   */
  | { type: 'load'; id: number; name: string; bytes: Uint8Array; backends: BackendName[]; software: boolean }
  /** `inputs` holds `count` digits of 1024 bytes back to back; the reply is count × 10 probabilities. */
  | { type: 'classify'; id: number; handle: number; inputs: Uint8Array; count: number; committee: boolean }
  | { type: 'activations'; id: number; handle: number; input: Uint8Array }
  | { type: 'unload'; id: number; handle: number };

export type HostReply = { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; message: string };

export const replySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(false), message: z.string() }),
]);

/** Sent by the connector, not the host: the page is gone (crashed, failed to load, closed). */
export const goneSchema = z.object({ type: z.literal('gone'), reason: z.string() });
export type Gone = z.infer<typeof goneSchema>;

export const loadedSchema = z.object({ handle: z.number().int().positive(), backend: z.string().min(1).max(100) });

/** Finite, too: a GPU that computes garbage (NaN) is a failing host, and webasm takes over. */
export const probabilitiesSchema = (count: number) =>
  z
    .instanceof(Float32Array)
    .refine((p) => p.length === count * 10, `expected ${count * 10} probabilities`)
    .refine((p) => p.every(Number.isFinite), 'probabilities that are not finite numbers');

const layerSize = (name: LayerName) => LAYER_SHAPES[name].reduce((a, b) => a * b, 1);

const floats = (length: number) => z.instanceof(Float32Array).refine((a) => a.length === length, `expected ${length} values`);

export const activationsSchema = z.object(
  Object.fromEntries(LAYER_NAMES.map((name) => [name, floats(layerSize(name))])) as Record<LayerName, ReturnType<typeof floats>>,
);
