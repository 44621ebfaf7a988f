import type { TenantEntity } from '../entities/tenant.entity.js';

/**
 * The rules a tenant's settings put on each of its endpoints (URL length,
 * https only, one endpoint per channel), as pure functions: checked when an
 * endpoint is written, and over all endpoints when the settings change.
 */

/** What the endpoint rules look at. */
export type EndpointRuleSettings = Pick<
  TenantEntity,
  'httpsOnly' | 'maxUrlLength' | 'uniqueChannelEndpoint'
>;

export interface RuleProblem {
  field: string;
  reason: string;
}

/** Problems of one endpoint's URL and channels under the tenant's settings. */
export function endpointRuleProblems(
  endpoint: { url: string; channels: string[] },
  settings: EndpointRuleSettings,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (endpoint.url.length > settings.maxUrlLength) {
    problems.push({
      field: 'url',
      reason: `must be at most ${settings.maxUrlLength} characters (tenant setting maxUrlLength)`,
    });
  }
  if (settings.httpsOnly && !endpoint.url.toLowerCase().startsWith('https://')) {
    problems.push({ field: 'url', reason: 'must be https:// (tenant setting httpsOnly)' });
  }
  if (settings.uniqueChannelEndpoint && endpoint.channels.length === 0) {
    problems.push({
      field: 'channels',
      reason:
        'must name at least one channel: the tenant allows one endpoint per channel (setting uniqueChannelEndpoint)',
    });
  }
  return problems;
}

/** Channels of `candidate` that another endpoint already has, with that endpoint. */
export function channelConflicts(
  candidate: { id: string; channels: string[] },
  others: Iterable<{ id: string; channels: string[] }>,
): { channel: string; endpointId: string }[] {
  const conflicts: { channel: string; endpointId: string }[] = [];
  for (const other of others) {
    if (other.id === candidate.id) continue;
    for (const channel of candidate.channels) {
      if (other.channels.includes(channel)) conflicts.push({ channel, endpointId: other.id });
    }
  }
  return conflicts;
}
