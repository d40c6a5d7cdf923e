/** Activations as kernel-source expressions. 'tanh' is the paper's squashing f(a) = 1.7159·tanh(2a/3). */
export type Act = 'relu' | 'tanh' | 'identity';

export const TANH_A = 1.7159;
export const TANH_S = 2 / 3;

/** f(v) as a kernel-source expression. */
export function applyAct(act: Act, v: string): string {
  if (act === 'relu') return `Math.max(0.0, ${v})`;
  if (act === 'tanh') return `(${TANH_A} * Math.tanh(${TANH_S} * ${v}))`;
  return v;
}

/** f'(a) as a kernel-source expression in terms of the activation's output y = f(a). */
export function actDerivFromOutput(act: Act, y: string): string {
  if (act === 'relu') return `(${y} > 0.0 ? 1.0 : 0.0)`;
  if (act === 'tanh') return `(${TANH_S * TANH_A} * (1.0 - (${y} / ${TANH_A}) * (${y} / ${TANH_A})))`;
  return '1.0';
}
