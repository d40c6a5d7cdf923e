/** The shapes the store reads and writes. The store knows SQL, not the engine or segmentation. */
export type Box = [x: number, y: number, w: number, h: number];
export type FieldKind = 'zip' | 'cheque' | 'digits';
export type BatchKind = FieldKind | 'auto';
export type BatchStatus = 'running' | 'done' | 'cancelled' | 'interrupted';
export type ScanState = 'ok' | 'needs-review' | 'reviewed' | 'failed';

export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A digit as segmentation and the recogniser produced it (structurally segmentation's ReadDigit). */
export interface NewDigit {
  box: Box;
  crop: GreyImage;
  input: Uint8Array;
  probabilities: Float32Array;
  label: number;
  confidence: number;
}
export interface NewField {
  kind: FieldKind;
  box: Box;
  text: string;
  confidence: number;
  digits: NewDigit[];
}
export interface NewPage {
  page: number;
  width: number;
  height: number;
  fields: NewField[];
}

export interface PageSize {
  page: number;
  width: number;
  height: number;
}

export interface ScanRecord {
  id: number;
  hash: string;
  path: string;
  name: string;
  size: number;
  status: 'read' | 'failed';
  error: string | null;
  kind: string;
  pages: PageSize[];
  modelId: number | null;
  readAt: string;
}

export interface DigitRecord {
  id: number;
  fieldId: number;
  position: number;
  box: Box;
  crop: GreyImage;
  input: Uint8Array;
  label: number;
  correctedLabel: number | null;
  confidence: number;
  probabilities: Float32Array;
  modelId: number | null;
}

export interface FieldRecord {
  id: number;
  scanId: number;
  page: number;
  position: number;
  kind: FieldKind;
  box: Box;
  predictedText: string;
  text: string;
  confidence: number;
  needsReview: boolean;
  acceptedAt: string | null;
  acceptedBy: string | null;
  digits: DigitRecord[];
}

export interface ModelRecord {
  id: number;
  name: string;
  file: string;
  architecture: string;
  parentId: number | null;
  metrics: Record<string, number>;
  /** What a retrained version learnt from (counts, settings); {} for a model file registered as it is. */
  data: Record<string, unknown>;
  reviewThreshold: number;
  active: boolean;
  createdAt: string;
}

export function now(): string {
  return new Date().toISOString();
}
