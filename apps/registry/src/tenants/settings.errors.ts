import { ApiError, type ErrorCase } from '@herald/http-api';

/** 409: existing endpoints do not satisfy new settings; `details` names each endpoint and rule. */
export const settingsConflictError = (details: { field: string; reason: string }[]) =>
  new ApiError(
    409,
    'settings_conflict',
    'existing endpoints do not satisfy these settings; change them first',
    details,
  );

export const settingsConflict: ErrorCase = {
  error: settingsConflictError([
    {
      field: 'endpoints.5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10.url',
      reason: 'must be https:// (tenant setting httpsOnly)',
    },
  ]),
  when: 'existing endpoints break the new settings; `details` names them',
};
