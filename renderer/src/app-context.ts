import { createContext, useContext } from 'react';
import type { AppView } from '../../main/electron/bridge';
import type { Client } from './api/client';

export interface BrowseFilter {
  batchId?: number;
  state?: 'ok' | 'needs-review' | 'reviewed' | 'failed';
  minConfidence?: number;
  maxConfidence?: number;
  search?: string;
}

export interface AppContextValue {
  client: Client;
  navigate(view: AppView): void;
  /** Opens the browse view on a filter (a batch's scans, say). */
  browse(filter: BrowseFilter, scanId?: number): void;
  /** Selects a digit for the model view. */
  inspectDigit(digitId: number): void;
  /** Shows an error to the operator. */
  report(error: unknown): void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('Expected an AppContext provider for useApp but received none');
  return value;
}
