/** Schema version 2: what a retrained model version learnt from, and which process runs a training. */
export const sql = /* sql */ `
ALTER TABLE models ADD COLUMN data TEXT NOT NULL DEFAULT '{}';  -- JSON: the data a retrained version learnt from
ALTER TABLE training_runs ADD COLUMN pid INTEGER;               -- the process training, to spot runs that died
`;
