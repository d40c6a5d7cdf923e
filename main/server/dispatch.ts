import { ApiError, apiInputs, type ApiErrorCode, type ApiMethod, type DigitReadApi } from '../api/contract';

/** Where an API call enters main (IPC or HTTP): the method is known and its input passes its schema. */
export interface ValidCall {
  method: ApiMethod;
  input: unknown;
}

export interface WireError {
  code: ApiErrorCode;
  message: string;
}

export type WireResult = { ok: true; value: unknown } | { ok: false; error: WireError };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a value of type ${typeof value}`;
}

function isMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(apiInputs, method);
}

/** Validates an untrusted call with the contract's schemas; throws ApiError('INVALID') in sharp's shape. */
export function validateCall(method: unknown, input: unknown): ValidCall {
  if (!isMethod(method)) {
    throw new ApiError('INVALID', `Expected one of ${Object.keys(apiInputs).join(', ')} for method but received ${describe(method)}`);
  }
  const parsed = apiInputs[method].safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
    throw new ApiError('INVALID', `Expected valid ${where} for ${method} but received an invalid value: ${issue?.message ?? 'invalid input'}`);
  }
  return { method, input: parsed.data };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNAVAILABLE', message };
}

/** The methods of the API that take one input (everything but `onEvent`). */
export type CallableApi = Omit<DigitReadApi, 'onEvent'>;

/** Calls a validated method on an API object and wraps the outcome for a transport. */
export async function invoke(api: CallableApi, call: ValidCall): Promise<WireResult> {
  try {
    const fn = api[call.method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await fn.call(api, call.input) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
