import { Inject, Injectable } from '@nestjs/common';
import { request } from 'undici';
import { HERALD_VERSION } from '../version.js';
import type { AlertBody } from './alert-body.js';
import { ALERT_DESTINATION, type AlertDestination } from './alert-destination.js';

export type SendResult = { delivered: true } | { delivered: false; error: string };

/**
 * POSTs an alert to the operator's webhook with undici. One request, one
 * deadline; 2xx is delivered, anything else (redirects included) is a failure
 * described without the token or the destination's response body.
 */
@Injectable()
export class AlertSender {
  constructor(@Inject(ALERT_DESTINATION) private readonly destination: AlertDestination | null) {}

  get configured(): boolean {
    return this.destination !== null;
  }

  async send(body: AlertBody): Promise<SendResult> {
    const destination = this.destination;
    if (!destination) return { delivered: false, error: 'no alert destination configured' };
    const signal = AbortSignal.timeout(destination.timeoutMs);
    try {
      const response = await request(destination.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${destination.token}`,
          'content-type': 'application/json',
          'user-agent': `Herald/${HERALD_VERSION}`,
        },
        body: JSON.stringify(body),
        signal,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return { delivered: true };
      return { delivered: false, error: `destination answered HTTP ${response.statusCode}` };
    } catch (error) {
      if (signal.aborted) {
        return { delivered: false, error: `timed out after ${destination.timeoutMs} ms` };
      }
      return { delivered: false, error: `request failed: ${describe(error)}` };
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
