import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldDetail, ReviewItem } from '../../../main/api/contract';
import { useApp } from '../app-context';

const QUEUE_SIZE = 100;

export interface ReviewState {
  items: ReviewItem[];
  left: number;
  index: number;
  digitIndex: number;
  loading: boolean;
}

/** The index of the field's least confident digit not yet corrected: where the operator's eye should go first. */
function firstDigit(field: FieldDetail): number {
  let best = 0;
  field.digits.forEach((d, i) => {
    const current = field.digits[best];
    if (!d.corrected && (current.corrected || d.confidence < current.confidence)) best = i;
  });
  return best;
}

/**
 * The review queue and the keyboard's verbs on it. Every change is sent to the service at once; the queue is
 * re-read after acceptances and undos so that `left` is the service's count.
 */
export function useReviewQueue(batchId?: number) {
  const { client, report } = useApp();
  const [state, setState] = useState<ReviewState>({ items: [], left: 0, index: 0, digitIndex: 0, loading: true });
  // Keys can come faster than answers: changes are sent one after another, in the order they were made.
  const chain = useRef<Promise<void>>(Promise.resolve());

  const load = useCallback(
    async (focusFieldId?: number, focusDigitId?: number) => {
      const queue = await client.call('reviewQueue', { batchId, limit: QUEUE_SIZE });
      setState((s) => {
        const byId = focusFieldId === undefined ? -1 : queue.items.findIndex((i) => i.field.id === focusFieldId);
        const index = byId >= 0 ? byId : Math.min(s.index, Math.max(0, queue.items.length - 1));
        const field = queue.items[index]?.field;
        const digitById = field && focusDigitId !== undefined ? field.digits.findIndex((d) => d.id === focusDigitId) : -1;
        const digitIndex = digitById >= 0 ? digitById : field ? firstDigit(field) : 0;
        return { items: queue.items, left: queue.left, index, digitIndex, loading: false };
      });
    },
    [client, batchId],
  );

  useEffect(() => {
    load().catch(report);
  }, [load, report]);

  const current = state.items[state.index];
  const replaceField = (field: FieldDetail) =>
    setState((s) => ({ ...s, items: s.items.map((i) => (i.field.id === field.id ? { ...i, field } : i)) }));

  const moveField = (delta: number) =>
    setState((s) => {
      const index = Math.min(Math.max(0, s.index + delta), Math.max(0, s.items.length - 1));
      const field = s.items[index]?.field;
      return { ...s, index, digitIndex: field ? firstDigit(field) : 0 };
    });

  const moveDigit = (delta: number) =>
    setState((s) => {
      const count = s.items[s.index]?.field.digits.length ?? 0;
      return { ...s, digitIndex: Math.min(Math.max(0, s.digitIndex + delta), Math.max(0, count - 1)) };
    });

  const correct = async (digitId: number, label: number) => {
    const result = await client.call('correctDigit', { digitId, label });
    replaceField(result.field);
  };

  const accept = async (fieldId: number, nextFieldId: number | undefined) => {
    await client.call('acceptField', { fieldId });
    await load(nextFieldId);
  };

  const undo = async () => {
    const result = await client.call('undoCorrection', {});
    if (!result.undone) return;
    if (result.undone.kind === 'accept') await load(result.undone.fieldId ?? undefined);
    else if (result.field) {
      replaceField(result.field);
      const digitIndex = result.field.digits.findIndex((d) => d.id === result.undone?.digitId);
      setState((s) => ({
        ...s,
        index: Math.max(0, s.items.findIndex((i) => i.field.id === result.field?.id)),
        digitIndex: Math.max(0, digitIndex),
      }));
    }
  };

  const enqueue = (action: () => Promise<void>) => {
    chain.current = chain.current.then(action).catch(report);
  };
  return {
    state,
    current,
    select: (index: number, digitIndex?: number) =>
      setState((s) => ({ ...s, index, digitIndex: digitIndex ?? firstDigit(s.items[index].field) })),
    moveField,
    moveDigit,
    /** Corrects the current digit and moves to the next one. */
    correct(label: number) {
      const digit = current?.field.digits[state.digitIndex];
      if (!digit) return;
      moveDigit(1);
      enqueue(() => correct(digit.id, label));
    },
    /** Accepts the current field as it reads now; the queue moves on to the next. */
    accept() {
      if (!current) return;
      const next = state.items[state.index + 1]?.field.id;
      enqueue(() => accept(current.field.id, next));
    },
    undo: () => enqueue(undo),
  };
}
