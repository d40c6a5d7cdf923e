/** Confidence bands shared by every view, so a colour means the same thing everywhere. */
export type Band = 'high' | 'medium' | 'low';

export function band(confidence: number): Band {
  if (confidence >= 0.9) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}

export const BAND_COLOUR: Record<Band, string> = {
  high: '#1f9d55',
  medium: '#d97706',
  low: '#dc2626',
};

export function percent(value: number): string {
  return `${(value * 100).toFixed(value >= 0.995 && value < 1 ? 1 : 0)}%`;
}
