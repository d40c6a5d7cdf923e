export { labelledStore } from '../../main/retrain/bench';

/**
 * Small settings, so that a retrain in a test takes seconds of training (its evaluation is the same) and its
 * calibration reads a few scans.
 */
export const QUICK = { epochs: 1, minReplay: 256, replayRatio: 1, calibrationScans: 10 } as const;
