/**
 * The two LeNet-5 forms (../shared/lenet5.md): the 1998 paper's and the common modern one.
 * Every trainable parameter lives in one flat vector θ; a layer's weights are a segment of it.
 */
export type ArchitectureName = 'lenet5' | 'lenet5-1998';
export const ARCHITECTURES: readonly ArchitectureName[] = ['lenet5', 'lenet5-1998'];

/** C3's partial connection table (rows: S2 maps, columns: C3 maps), from the paper. */
export const C3_TABLE: readonly string[] = [
  'X...XXX..XXXX.XX',
  'XX...XXX..XXXX.X',
  'XXX...XXX..X.XXX',
  '.XXX..XXXX..X.XX',
  '..XXX..XXXX.XX.X',
  '...XXX..XXXX.XXX',
];

export function c3Connected(s2Map: number, c3Map: number): boolean {
  return C3_TABLE[s2Map][c3Map] === 'X';
}

/** A named slice of θ. */
export interface Segment {
  name: string;
  offset: number;
  size: number;
  /** Inputs feeding one output unit, for the paper's initialisation ±2.4/F. */
  fanIn: number;
  /** Biases start at 0, weights uniform; S-layer coefficients start at 1 so subsampling starts as averaging. */
  init: 'uniform' | 'zero' | 'one';
}

export interface LayerRow {
  layer: string;
  output: string;
  params: number;
  connections: number;
  notes: string;
}

export interface Architecture {
  name: ArchitectureName;
  /** 'relu' + max-pool + softmax, or scaled tanh + trainable subsampling + RBF. */
  modern: boolean;
  segments: Segment[];
  size: number;
  /** 1 where a C3 weight exists (the table in the 1998 form; everywhere in the modern one), C3-weight shaped. */
  c3Mask: Float32Array;
  table: LayerRow[];
}

function layout(specs: Omit<Segment, 'offset'>[]): { segments: Segment[]; size: number } {
  let offset = 0;
  const segments = specs.map((s) => {
    const seg = { ...s, offset };
    offset += s.size;
    return seg;
  });
  return { segments, size: offset };
}

function c3Mask(modern: boolean): Float32Array {
  const mask = new Float32Array(16 * 6 * 25);
  for (let m = 0; m < 16; m++)
    for (let c = 0; c < 6; c++)
      if (modern || c3Connected(c, m)) mask.fill(1, (m * 6 + c) * 25, (m * 6 + c + 1) * 25);
  return mask;
}

export function architecture(name: ArchitectureName): Architecture {
  const modern = name === 'lenet5';
  const specs: Omit<Segment, 'offset'>[] = [
    { name: 'c1.w', size: 6 * 25, fanIn: 25, init: 'uniform' },
    { name: 'c1.b', size: 6, fanIn: 25, init: 'zero' },
    ...(modern
      ? []
      : [
          { name: 's2.coef', size: 6, fanIn: 4, init: 'one' as const },
          { name: 's2.b', size: 6, fanIn: 4, init: 'zero' as const },
        ]),
    // Full fan-in; init.ts derives each map's true one (75, 100 or 150 in the 1998 form) from the mask.
    { name: 'c3.w', size: 16 * 6 * 25, fanIn: 150, init: 'uniform' },
    { name: 'c3.b', size: 16, fanIn: 150, init: 'zero' },
    ...(modern
      ? []
      : [
          { name: 's4.coef', size: 16, fanIn: 4, init: 'one' as const },
          { name: 's4.b', size: 16, fanIn: 4, init: 'zero' as const },
        ]),
    { name: 'c5.w', size: 400 * 120, fanIn: 400, init: 'uniform' },
    { name: 'c5.b', size: 120, fanIn: 400, init: 'zero' },
    { name: 'f6.w', size: 120 * 84, fanIn: 120, init: 'uniform' },
    { name: 'f6.b', size: 84, fanIn: 120, init: 'zero' },
    ...(modern
      ? [
          { name: 'out.w', size: 84 * 10, fanIn: 84, init: 'uniform' as const },
          { name: 'out.b', size: 10, fanIn: 84, init: 'zero' as const },
        ]
      : []),
  ];
  const { segments, size } = layout(specs);
  const mask = c3Mask(modern);
  const c3Weights = mask.reduce((a, b) => a + b, 0);
  const c3Maps = 16;
  const table: LayerRow[] = [
    { layer: 'input', output: '1@32×32', params: 0, connections: 0, notes: modern ? 'MNIST 28×28 padded to 32×32' : 'background −0.1, ink 1.175' },
    { layer: 'C1 conv 5×5', output: '6@28×28', params: 156, connections: 156 * 28 * 28, notes: modern ? 'ReLU' : 'scaled tanh' },
    modern
      ? { layer: 'S2 max-pool 2×2', output: '6@14×14', params: 0, connections: 6 * 14 * 14 * 4, notes: '' }
      : { layer: 'S2 subsample 2×2', output: '6@14×14', params: 12, connections: 6 * 14 * 14 * 5, notes: 'coefficient·sum + bias, scaled tanh' },
    {
      layer: 'C3 conv 5×5',
      output: '16@10×10',
      params: c3Weights + c3Maps,
      connections: (c3Weights + c3Maps) * 100,
      notes: modern ? 'full connection, ReLU' : 'partial connection table, scaled tanh',
    },
    modern
      ? { layer: 'S4 max-pool 2×2', output: '16@5×5', params: 0, connections: 16 * 25 * 4, notes: '' }
      : { layer: 'S4 subsample 2×2', output: '16@5×5', params: 32, connections: 16 * 25 * 5, notes: 'as S2' },
    { layer: 'C5 conv 5×5', output: '120@1×1', params: 48120, connections: 48120, notes: modern ? 'ReLU' : 'scaled tanh' },
    { layer: 'F6 full', output: '84', params: 10164, connections: 10164, notes: modern ? 'ReLU' : '1.7159·tanh(2a/3)' },
    modern
      ? { layer: 'output full', output: '10', params: 850, connections: 850, notes: 'softmax, cross-entropy' }
      : { layer: 'output RBF', output: '10', params: 0, connections: 840, notes: '840 fixed ±1 weights (7×12 bitmaps), loss of eq. 9' },
  ];
  return { name, modern, segments, size, c3Mask: mask, table };
}

export function segment(arch: Architecture, name: string): Segment {
  const s = arch.segments.find((x) => x.name === name);
  if (!s) throw new Error(`Expected a segment named ${name} in ${arch.name} but it has ${arch.segments.map((x) => x.name).join(', ')}`);
  return s;
}

export function trainableParams(arch: Architecture): number {
  return arch.table.reduce((a, r) => a + r.params, 0);
}

/** The layer table as aligned text, with totals. */
export function formatLayerTable(arch: Architecture): string {
  const rows = [['layer', 'output', 'params', 'connections', 'notes'], ...arch.table.map((r) => [r.layer, r.output, r.params.toLocaleString('en-US'), r.connections.toLocaleString('en-US'), r.notes])];
  rows.push(['total', '', trainableParams(arch).toLocaleString('en-US'), arch.table.reduce((a, r) => a + r.connections, 0).toLocaleString('en-US'), '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
