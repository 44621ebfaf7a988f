import { Injectable } from '@nestjs/common';
import type { AlertSignal } from '@herald/contracts';
import { RegistryView } from '@herald/registry-view';
import type { Destination } from '../destinations/destination.js';
import { redactSecrets, secretForms } from './redaction.js';

/**
 * Scrubs an alert of every secret Herald knows that could concern it: the
 * endpoint's signing secrets (current and previous) and custom header
 * values, from the registry's read model, and the destination's token.
 */
@Injectable()
export class AlertRedactor {
  constructor(private readonly registry: RegistryView) {}

  redact<T>(value: T, signal: AlertSignal, destination: Pick<Destination, 'token'>): T {
    const secrets = [...secretForms(destination.token)];
    const endpoint = 'endpointId' in signal ? this.registry.endpoint(signal.endpointId) : undefined;
    if (endpoint) {
      for (const secret of endpoint.secrets) secrets.push(...secretForms(secret));
      if (endpoint.previousSecret) secrets.push(...secretForms(endpoint.previousSecret.secret));
      secrets.push(...Object.values(endpoint.headers));
    }
    return redactSecrets(value, secrets);
  }
}
