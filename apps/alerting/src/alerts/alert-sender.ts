import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { AddressPolicy, guardedLookup } from '@herald/ssrf';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import type { Destination } from '../destinations/destination.js';
import { destinationUrlProblem } from '../destinations/destination-url.js';
import { HERALD_VERSION } from '../version.js';
import type { AlertBody } from './alert-body.js';
import { signAlert } from './alert-signature.js';

export type SendResult =
  | { delivered: true; statusCode: number }
  | { delivered: false; error: string; statusCode: number | null };

/**
 * POSTs an alert to one destination with undici: the JSON body, signed like
 * a webhook (Standard Webhooks headers keyed by the destination's token),
 * the token as `Authorization: Bearer`. One request, one deadline; 2xx is
 * delivered, anything else (redirects included) is a failure described
 * without the token or the destination's response body. The destination's
 * URL is checked again (HTTPS rule) and its resolved address is checked at
 * connect time (SSRF guard).
 */
@Injectable()
export class AlertSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    @Inject(ALERTING_CONFIG)
    private readonly config: Pick<
      AlertingConfig,
      'HERALD_ALERT_TIMEOUT' | 'HERALD_ALLOW_PRIVATE_NETWORKS'
    >,
    private readonly policy: AddressPolicy,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {
    this.agent = new Agent({ connect: { lookup: guardedLookup(policy) } });
  }

  async send(
    destination: Pick<Destination, 'url' | 'token'>,
    body: AlertBody,
  ): Promise<SendResult> {
    const problem = destinationUrlProblem(
      destination.url,
      this.policy,
      this.config.HERALD_ALLOW_PRIVATE_NETWORKS,
    );
    if (problem) return { delivered: false, error: `destination URL ${problem}`, statusCode: null };
    // Stored encrypted; opened for this request only.
    const token = this.box.open(destination.token);
    const timeoutMs = this.config.HERALD_ALERT_TIMEOUT;
    const signal = AbortSignal.timeout(timeoutMs);
    const json = JSON.stringify(body);
    try {
      const response = await request(destination.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'user-agent': `Herald/${HERALD_VERSION}`,
          ...signAlert(token, body.id, new Date(), json),
        },
        body: json,
        signal,
      });
      await response.body.dump();
      const statusCode = response.statusCode;
      if (statusCode >= 200 && statusCode < 300) return { delivered: true, statusCode };
      return { delivered: false, error: `destination answered HTTP ${statusCode}`, statusCode };
    } catch (error) {
      if (signal.aborted) {
        return { delivered: false, error: `timed out after ${timeoutMs} ms`, statusCode: null };
      }
      return { delivered: false, error: `request failed: ${describe(error)}`, statusCode: null };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
