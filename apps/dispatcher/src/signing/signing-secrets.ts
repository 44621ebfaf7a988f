import type { EndpointView } from '@herald/contracts';

/**
 * The secrets a request is signed with at `nowMs`: the endpoint's current
 * secret(s), then the rotated-out one while its grace period lasts, so a
 * receiver verifies with either while it switches over. No secret repeats.
 */
export function signingSecrets(
  endpoint: Pick<EndpointView, 'secrets' | 'previousSecret'>,
  nowMs: number,
): string[] {
  const secrets = [...endpoint.secrets];
  const previous = endpoint.previousSecret;
  if (previous && Date.parse(previous.expiresAt) > nowMs && !secrets.includes(previous.secret)) {
    secrets.push(previous.secret);
  }
  return secrets;
}
