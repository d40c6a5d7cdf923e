/** What a running retrain reports (types only: the renderer shows them through the API contract). */
export interface RetrainEpoch {
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Share of the held-out labelled digits the model reads right after this epoch. */
  validationAccuracy: number;
}

export interface RetrainProgress {
  /** In 'calibrating', batch counts steps done of batches: each synthetic scan made, then read. */
  phase: 'preparing' | 'training' | 'evaluating' | 'calibrating' | 'writing';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss so far in this epoch. */
  loss: number;
  etaSeconds: number | null;
  /** Finished epochs. */
  history: RetrainEpoch[];
}
