import { useEffect, useRef } from 'react';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * Window-wide keys for a view, ignored while the operator types in a form control. The handler always sees the
 * latest render's state.
 */
export function useKeys(handler: (event: KeyboardEvent) => boolean): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && TYPING.has(target.tagName)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (ref.current(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
