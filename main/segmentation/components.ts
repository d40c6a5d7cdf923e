import type { BinaryImage, Box } from './image';

export interface Component {
  /** Label in the label image (1-based). */
  id: number;
  box: Box;
  area: number;
}

export interface Labelled {
  width: number;
  height: number;
  /** 0 = background, otherwise the component id. */
  labels: Int32Array;
  components: Component[];
}

/** 8-connected components of an ink mask (two passes with union-find). */
export function labelComponents(mask: BinaryImage): Labelled {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const unite = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    parent[hi] = lo;
    return lo;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!data[i]) continue;
      let l = 0;
      // Neighbours already visited: W, NW, N, NE.
      if (x > 0 && labels[i - 1]) l = labels[i - 1];
      if (y > 0) {
        const up = i - width;
        if (x > 0 && labels[up - 1]) l = l ? unite(l, labels[up - 1]) : labels[up - 1];
        if (labels[up]) l = l ? unite(l, labels[up]) : labels[up];
        if (x < width - 1 && labels[up + 1]) l = l ? unite(l, labels[up + 1]) : labels[up + 1];
      }
      if (!l) {
        l = parent.length;
        parent.push(l);
      }
      labels[i] = l;
    }
  }
  const remap = new Int32Array(parent.length);
  const comps: { x0: number; y0: number; x1: number; y1: number; area: number }[] = [];
  for (let l = 1; l < parent.length; l++) {
    const r = find(l);
    if (!remap[r]) {
      comps.push({ x0: width, y0: height, x1: -1, y1: -1, area: 0 });
      remap[r] = comps.length;
    }
    remap[l] = remap[r];
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!labels[i]) continue;
      const id = remap[labels[i]];
      labels[i] = id;
      const c = comps[id - 1];
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      c.area++;
    }
  }
  return {
    width,
    height,
    labels,
    components: comps.map((c, k) => ({ id: k + 1, box: [c.x0, c.y0, c.x1 - c.x0 + 1, c.y1 - c.y0 + 1], area: c.area })),
  };
}
