import { DeputyApiError } from '@deputy/client';
import type { DeputyErrorDetail } from '../events/deputy-error-event.js';

/** The `{ code, message, field? }` of any thrown value. */
export function errorDetail(error: unknown): DeputyErrorDetail {
  if (error instanceof DeputyApiError) {
    return error.field ? { code: error.code, message: error.message, field: error.field } : { code: error.code, message: error.message };
  }
  return { code: 'network', message: error instanceof Error ? error.message : String(error) };
}
