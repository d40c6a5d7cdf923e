/**
 * A loaded model on a gpu.js backend: the Recognizer the rest of DigitRead uses, plus per-layer activations
 * for display. Environment-neutral: the caller supplies the gpu.js instance and the decoded model.
 */
import type { GPU } from 'gpu.js';
import { architecture, type Architecture } from './architecture';
import { createInferGraph, type InferGraph, type LayerName } from './graph';
import type { LoadedModel } from './model-file';
import { rbfPrototypes } from './rbf';
import { graphReader } from './reader';
import { DIGIT_PIXELS, type ClassifyOptions, type DigitInput, type Recognizer } from './recognizer';

/** Inference graph sizes: a graph runs a fixed batch, padding a short one (graphReader). */
const BATCH_SIZES = [256, 64, 8] as const;

export class Engine implements Recognizer {
  readonly arch: Architecture;
  private readonly graphs: InferGraph[];
  private readonly single: InferGraph;
  private readonly reader: Recognizer;

  constructor(
    private readonly gpu: GPU,
    readonly model: LoadedModel,
  ) {
    this.arch = architecture(model.header.architecture);
    const protos = rbfPrototypes();
    this.graphs = BATCH_SIZES.map((size) => createInferGraph(gpu, this.arch, size, protos));
    this.single = createInferGraph(gpu, this.arch, 1, protos);
    this.reader = graphReader(this.graphs, [model.theta, ...model.seconds]);
  }

  /** The backend gpu.js actually ran on (null before the first call). */
  backend(): string | null {
    for (const g of [...this.graphs, this.single]) {
      const b = g.backend();
      if (b) return b;
    }
    return null;
  }

  async classify(inputs: readonly DigitInput[], o?: ClassifyOptions): Promise<Float32Array[]> {
    inputs.forEach((x, i) => {
      if (x.length !== DIGIT_PIXELS) throw new Error(`Expected ${DIGIT_PIXELS} pixels for digit input ${i} but received ${x.length}`);
    });
    return this.reader.classify(inputs, o);
  }

  /** Every layer's output for one digit (a committee's first member's): input 32×32, C1 6@28×28, S2 6@14×14, C3 16@10×10, S4 16@5×5, C5 120, F6 84, scores, probabilities. */
  async activations(input: DigitInput): Promise<Record<LayerName, Float32Array>> {
    return this.single.activations(Float32Array.from(input), this.model.theta);
  }

  destroy(): void {
    for (const g of this.graphs) g.destroy();
    this.single.destroy();
    void this.gpu.destroy();
  }
}
