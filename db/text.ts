/**
 * Puts labels into a field's text in reading order, keeping separators ('-' of ZIP+4, '.' of an amount).
 * When the text has fewer digit characters than labels (it never should), the extra labels are appended.
 */
export function applyLabels(text: string, labels: readonly number[]): string {
  let i = 0;
  const out = text.replace(/[0-9]/g, (d) => (i < labels.length ? String(labels[i++]) : d));
  return i < labels.length ? out + labels.slice(i).join('') : out;
}
