import type { Component } from './components';

/**
 * The components that are letters of a printed word beside the handwriting (a form's "ZIP CODE" label that
 * runs into the first box): at least three small pieces of about one height (at most 0.4 of a digit's), whose
 * bottoms sit on one line, each close to the next. Handwriting rarely falls into such a row of equal pieces.
 * Letters of the same line a word space or two further on (the next word, cut short by a box's side or a
 * digit) are letters too.
 */
export function printedLetters(components: Component[], digitHeight: number): Set<Component> {
  const H = digitHeight;
  const small = components.filter((c) => c.box[3] <= 0.4 * H && c.box[3] >= 0.1 * H && c.box[2] <= 0.6 * H).sort((a, b) => a.box[0] - b.box[0]);
  const letters = new Set<Component>();
  let run: Component[] = [];
  const close = () => {
    if (run.length >= 3) for (const c of run) letters.add(c);
  };
  for (const c of small) {
    const last = run[run.length - 1];
    if (last && likeNeighbours(last, c, H)) run.push(c);
    else {
      close();
      run = [c];
    }
  }
  close();
  for (let grown = true; grown; ) {
    grown = false;
    for (const c of small) {
      if (letters.has(c) || ![...letters].some((l) => sameLine(l, c, H))) continue;
      letters.add(c);
      grown = true;
    }
  }
  return letters;
}

/** Letters of one line of print: about one height, bottoms on one baseline. */
function sameType(a: Component, b: Component, H: number): boolean {
  const [, ay, , ah] = a.box;
  const [, by, , bh] = b.box;
  return Math.abs(ah - bh) <= 0.35 * Math.max(ah, bh) && Math.abs(ay + ah - (by + bh)) <= 0.08 * H;
}

/** Of one line, at most three letter heights apart on either side (a word space). */
function sameLine(a: Component, b: Component, H: number): boolean {
  const [ax, , aw, ah] = a.box;
  const [bx, , bw, bh] = b.box;
  const gap = Math.max(bx - (ax + aw), ax - (bx + bw));
  return gap <= 3 * Math.max(ah, bh) && sameType(a, b, H);
}

/** Of one line, `b` the next letter after `a`. */
function likeNeighbours(a: Component, b: Component, H: number): boolean {
  const [ax, , aw, ah] = a.box;
  const [bx, , , bh] = b.box;
  const gap = bx - (ax + aw);
  return gap <= 0.5 * Math.max(ah, bh) && gap >= -0.1 * H && sameType(a, b, H);
}
