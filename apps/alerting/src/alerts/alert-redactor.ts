import { Inject, Injectable } from '@nestjs/common';
import type { AlertSignal } from '@herald/contracts';
import { RegistryView } from '@herald/registry-view';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import type { Destination } from '../destinations/destination.js';
import { redactSecrets, secretForms } from './redaction.js';

/**
 * Scrubs an alert of every secret Herald knows that could concern it: the
 * endpoint's signing secrets (current and previous) and custom header
 * values, from the registry's read model, and the destination's token.
 */
@Injectable()
export class AlertRedactor {
  constructor(
    private readonly registry: RegistryView,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  redact<T>(value: T, signal: AlertSignal, destination: Pick<Destination, 'token'>): T {
    // Stored and published encrypted: scrubbing needs the clear values.
    const open = (value: string) => this.box.open(value);
    const secrets = [...secretForms(open(destination.token))];
    const endpoint = 'endpointId' in signal ? this.registry.endpoint(signal.endpointId) : undefined;
    if (endpoint) {
      for (const secret of endpoint.secrets) secrets.push(...secretForms(open(secret)));
      if (endpoint.previousSecret) {
        secrets.push(...secretForms(open(endpoint.previousSecret.secret)));
      }
      secrets.push(...Object.values(this.box.openValues(endpoint.headers)));
    }
    return redactSecrets(value, secrets);
  }
}
