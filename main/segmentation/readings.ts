/** One way to read primitives [from, to) as one digit, with its log-score (recogniser plus priors). */
export interface Arc {
  from: number;
  to: number;
  label: number;
  score: number;
}

/** A reading of a whole field: its digits and the arcs that give them, best first. */
export interface Reading<A extends Arc = Arc> {
  score: number;
  text: string;
  arcs: A[];
}

interface Hyp<A extends Arc> {
  score: number;
  text: string;
  arc?: A;
  prev?: Hyp<A>;
}

/**
 * The `keep` most probable distinct readings of primitives 0..n (dynamic programming over a lattice whose
 * states are (primitives covered, digits read), each holding its `keep` best partial readings of different
 * text). A reading is a chain of arcs, where primitive j may also be left out at `skip(j)`; with `counts`
 * non-empty, only readings of those many digits count; without `leadingZero`, no reading of two or more digits
 * starts with a 0 (an amount's dollars). Best first; empty when no reading covers everything.
 */
export function bestReadings<A extends Arc>(
  n: number,
  arcs: A[],
  skip: (j: number) => number,
  counts: readonly number[],
  keep: number,
  leadingZero = true,
): Reading<A>[] {
  const byEnd: A[][] = Array.from({ length: n + 1 }, () => []);
  for (const a of arcs) byEnd[a.to].push(a);
  const states: Hyp<A>[][][] = Array.from({ length: n + 1 }, () => Array.from({ length: n + 1 }, () => []));
  states[0][0].push({ score: 0, text: '' });
  for (let j = 1; j <= n; j++) {
    const leave = skip(j - 1);
    for (let k = 0; k <= j; k++) {
      const here = states[j][k];
      if (leave > -Infinity) for (const h of states[j - 1][k]) offer(here, { score: h.score + leave, text: h.text, prev: h }, keep);
      if (k === 0) continue;
      for (const a of byEnd[j])
        for (const h of states[a.from][k - 1])
          if (leadingZero || h.text !== '0') offer(here, { score: h.score + a.score, text: h.text + a.label, arc: a, prev: h }, keep);
    }
  }
  const finals: Hyp<A>[] = [];
  for (let k = 1; k <= n; k++) if (!counts.length || counts.includes(k)) for (const h of states[n][k]) offer(finals, h, keep);
  return finals.map((h) => {
    const path: A[] = [];
    for (let at: Hyp<A> | undefined = h; at; at = at.prev) if (at.arc) path.push(at.arc);
    return { score: h.score, text: h.text, arcs: path.reverse() };
  });
}

/** Adds a hypothesis to a list kept sorted best first, at most `keep` long, one per text. */
function offer<A extends Arc>(list: Hyp<A>[], h: Hyp<A>, keep: number): void {
  if (h.score === -Infinity) return;
  const same = list.findIndex((o) => o.text === h.text);
  if (same >= 0) {
    if (list[same].score >= h.score) return;
    list.splice(same, 1);
  } else if (list.length >= keep && list[list.length - 1].score >= h.score) return;
  let at = list.length;
  while (at > 0 && list[at - 1].score < h.score) at--;
  list.splice(at, 0, h);
  if (list.length > keep) list.pop();
}

/** The share of the probability of the readings found that goes to the first (softmax of their scores). */
export function posteriorOfBest(readings: Reading<Arc>[]): number {
  if (!readings.length) return 0;
  const top = readings[0].score;
  return 1 / readings.reduce((s, r) => s + Math.exp(r.score - top), 0);
}
