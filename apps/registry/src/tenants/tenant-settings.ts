import { z } from 'zod';
import { formatDuration } from '@herald/resilience';
import type { TenantEntity } from '../entities/tenant.entity.js';
import { retryScheduleInput } from '../endpoints/retry-schedule.js';
import {
  channelConflicts,
  endpointRuleProblems,
  type EndpointRuleSettings,
  type RuleProblem,
} from '../endpoints/tenant-rules.js';

export {
  channelConflicts,
  endpointRuleProblems,
  type EndpointRuleSettings,
  type RuleProblem,
} from '../endpoints/tenant-rules.js';

/**
 * A tenant's settings and the rules they put on its endpoints, as pure
 * functions. The products Herald serves each constrain webhooks differently;
 * Herald makes each constraint a per-tenant switch:
 *
 * - `httpsOnly` (the AI-agent platform's alerts): endpoint URLs must be `https://`.
 * - `maxUrlLength` (the contact-centre suite uses 256): longest endpoint URL;
 *   at most the platform's HERALD_MAX_URL_LENGTH.
 * - `uniqueChannelEndpoint` (the chatbot platform): at most one endpoint per channel, and
 *   every endpoint names its channels (one with none would receive them all).
 * - `retrySchedule`: the retry schedule of endpoints without their own.
 *
 * Changing a setting that existing endpoints would break is refused (409,
 * naming them): settings never silently invalidate endpoints.
 */
export interface TenantSettings {
  httpsOnly: boolean;
  maxUrlLength: number;
  uniqueChannelEndpoint: boolean;
  /** null = the dispatcher's default. */
  retrySchedule: string[] | null;
}

export const DEFAULT_MAX_URL_LENGTH = 2048;

export const settingsOf = (row: TenantEntity): TenantSettings => ({
  httpsOnly: row.httpsOnly,
  maxUrlLength: row.maxUrlLength,
  uniqueChannelEndpoint: row.uniqueChannelEndpoint,
  retrySchedule: row.retryScheduleMs?.map(formatDuration) ?? null,
});

/** Body of a settings change; `platformMaxUrlLength` caps `maxUrlLength`. */
export function settingsInputSchema(platformMaxUrlLength: number) {
  return z.strictObject({
    httpsOnly: z.boolean().optional(),
    maxUrlLength: z
      .number()
      .int('must be a whole number of characters')
      .min(32, 'must be at least 32')
      .max(platformMaxUrlLength, `must be at most ${platformMaxUrlLength} (HERALD_MAX_URL_LENGTH)`)
      .optional(),
    uniqueChannelEndpoint: z.boolean().optional(),
    retrySchedule: retryScheduleInput.nullable().optional(),
  });
}

export type SettingsInput = z.infer<ReturnType<typeof settingsInputSchema>>;

/** The columns a settings body sets. */
export function settingColumns(input: SettingsInput): Partial<TenantEntity> {
  const { retrySchedule, ...same } = input;
  const columns: Partial<TenantEntity> = { ...same, retryScheduleMs: retrySchedule };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

/** Why new settings would break existing endpoints: one problem per endpoint and rule. */
export function settingsConflicts(
  settings: EndpointRuleSettings,
  endpoints: { id: string; url: string; channels: string[] }[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const endpoint of endpoints) {
    for (const problem of endpointRuleProblems(endpoint, settings)) {
      problems.push({ field: `endpoints.${endpoint.id}.${problem.field}`, reason: problem.reason });
    }
  }
  if (settings.uniqueChannelEndpoint) {
    endpoints.forEach((endpoint, i) => {
      for (const { channel, endpointId } of channelConflicts(endpoint, endpoints.slice(i + 1))) {
        problems.push({
          field: `endpoints.${endpoint.id}.channels`,
          reason: `channel "${channel}" is also used by endpoint ${endpointId}`,
        });
      }
    });
  }
  return problems;
}
