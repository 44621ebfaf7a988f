import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { escapeUnsafeNullable, type DeliveryTask, type EndpointView } from '@herald/contracts';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { AddressPolicy, guardedLookup } from '@herald/ssrf';
import { CLOCK, type Clock } from '@herald/runtime';
import { requestHeaders } from '../signing/request-headers.js';
import type { AttemptResult } from './attempt-result.js';
import { signingSecrets } from '../signing/signing-secrets.js';
import { classify, redact, type Classification } from './classify.js';
import { readLimited } from './read-limited.js';
import { parseRetryAfter, RETRY_AFTER_STATUSES } from './retry-after.js';
import { displayUrl, resolveTarget } from './target-url.js';

export interface SenderSettings {
  /** Deadline of a whole attempt when the endpoint sets none. */
  defaultTimeoutMs: number;
  userAgent: string;
  /** Longest `Retry-After` honoured. */
  retryAfterCapMs: number;
}
export const SENDER_SETTINGS = Symbol('SENDER_SETTINGS');

/**
 * Sends one signed webhook and reports what happened; it never throws for
 * anything the receiver or the network did. Invariants: the body is the
 * task's payload byte for byte; redirects are never followed (undici's
 * `request` has no redirect handling unless asked); every connection goes
 * through the SSRF-guarded lookup; one deadline bounds connect, headers and
 * body; at most 4 KiB of the response is read and kept, with the request's
 * secrets redacted; during a secret rotation's grace period both secrets sign.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    private readonly policy: AddressPolicy,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(policy) },
      keepAliveTimeout: 4_000,
    });
  }

  async send(endpoint: EndpointView, task: DeliveryTask): Promise<AttemptResult> {
    const startedAt = this.clock.now();
    const started = this.clock.monotonic();
    const timeoutMs = endpoint.timeoutMs ?? this.settings.defaultTimeoutMs;
    // The read model holds secrets and header values encrypted; they are opened here, per request.
    const secrets = signingSecrets(endpoint, startedAt).map((secret) => this.box.open(secret));
    const headers = this.box.openValues(endpoint.headers);
    const sensitive = [...secrets, ...Object.values(headers)];
    const finish = (
      classification: Classification,
      responseBody: string | null,
      retryAfterMs: number | null = null,
    ): AttemptResult => ({
      ...classification,
      // Error texts may quote what the receiver sent; stored, they must be valid text.
      error: escapeUnsafeNullable(classification.error),
      startedAt,
      latencyMs: Math.max(0, Math.round(this.clock.monotonic() - started)),
      // A receiver that echoes the request must not put its secrets into the attempt log.
      responseBody: responseBody === null ? null : redact(responseBody, sensitive),
      url: displayUrl(endpoint.url),
      retryAfterMs,
    });
    let host = '';
    // One deadline for connect, headers and body. Not AbortSignal.timeout: its
    // timer keeps the signal (and undici's listeners on it) alive for the whole
    // timeout after the request is long done — thousands of them under load.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    try {
      const target = resolveTarget(endpoint.url, this.policy);
      host = target.url.hostname;
      if (target.basicAuth !== null) sensitive.push(target.basicAuth);
      const response = await request(target.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: requestHeaders({
          endpoint: { secrets, headers },
          messageId: task.messageId,
          payload: task.payload,
          at: new Date(startedAt),
          userAgent: this.settings.userAgent,
          basicAuth: target.basicAuth,
        }),
        body: task.payload,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: deadline.signal,
      });
      // The status decides the outcome; a body that fails to arrive does not change it.
      const body = await readLimited(response.body).catch(() => null);
      const status = response.statusCode;
      const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
        ? parseRetryAfter(
            response.headers['retry-after'],
            this.clock.now(),
            this.settings.retryAfterCapMs,
          )
        : null;
      return finish(classify({ kind: 'response', status }, sensitive), body, retryAfterMs);
    } catch (error) {
      return finish(classify({ kind: 'error', error, host, timeoutMs }, sensitive), null);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}
