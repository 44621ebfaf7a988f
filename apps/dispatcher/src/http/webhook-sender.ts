import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { escapeUnsafeNullable, type DeliveryTask, type EndpointView } from '@herald/contracts';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { AddressPolicy } from '@herald/ssrf';
import { CLOCK, type Clock } from '@herald/runtime';
import { requestHeaders } from '../signing/request-headers.js';
import type { AttemptResult } from './attempt-result.js';
import { signingSecrets } from '../signing/signing-secrets.js';
import { classify, redact, type Classification } from './classify.js';
import { readLimited } from './read-limited.js';
import { parseRetryAfter, RETRY_AFTER_STATUSES } from './retry-after.js';
import { GuardedAgent } from './guarded-agent.js';
import { displayUrl, resolveTarget, type Target } from './target-url.js';

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
  private readonly agent: GuardedAgent;
  /** What each endpoint's requests share, kept beside its view (ADR 0099). */
  private readonly prepared = new WeakMap<EndpointView, Prepared>();

  constructor(
    private readonly policy: AddressPolicy,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {
    this.agent = new GuardedAgent(policy, 4_000);
  }

  async send(endpoint: EndpointView, task: DeliveryTask): Promise<AttemptResult> {
    const startedAt = this.clock.now();
    const started = this.clock.monotonic();
    const timeoutMs = endpoint.timeoutMs ?? this.settings.defaultTimeoutMs;
    const prepared = this.prepare(endpoint);
    const secrets = signingSecrets(endpoint, startedAt).map((secret) => prepared.open(secret));
    const headers = prepared.headers;
    const sensitive = [...secrets, ...prepared.headerValues];
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
      url: prepared.display,
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
      const target = prepared.target();
      host = target.url.hostname;
      if (target.basicAuth !== null) sensitive.push(target.basicAuth);
      const response = await this.agent.request(target.url, {
        method: 'POST',
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

  /**
   * The endpoint's prepared request parts: reused while its view carries the
   * same URL, secrets and headers (a changed endpoint arrives as a new view,
   * and the fields are compared too), worked out again otherwise.
   */
  private prepare(endpoint: EndpointView): Prepared {
    const known = this.prepared.get(endpoint);
    if (
      known?.url === endpoint.url &&
      known.secrets === endpoint.secrets &&
      known.headersIn === endpoint.headers
    ) {
      return known;
    }
    const prepared = new Prepared(endpoint, this.policy, this.box);
    this.prepared.set(endpoint, prepared);
    return prepared;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * The parts of a request that depend only on the endpoint: its target (or
 * why it has none), its URL as shown, its header values and secrets opened.
 * The read model keeps secrets sealed; the sender keeps them open only in
 * this object, in its own memory, where the key that opens them already is.
 */
class Prepared {
  readonly url: string;
  readonly secrets: readonly string[];
  readonly headersIn: Record<string, string>;
  readonly display: string;
  /** The custom header values, opened. */
  readonly headers: Record<string, string>;
  readonly headerValues: string[];
  private readonly opened = new Map<string, string>();
  private readonly resolved: { target: Target } | { error: unknown };

  constructor(
    endpoint: EndpointView,
    policy: AddressPolicy,
    private readonly box: SecretBox,
  ) {
    this.url = endpoint.url;
    this.secrets = endpoint.secrets;
    this.headersIn = endpoint.headers;
    this.display = displayUrl(endpoint.url);
    this.headers = box.openValues(endpoint.headers);
    this.headerValues = Object.values(this.headers);
    try {
      this.resolved = { target: resolveTarget(endpoint.url, policy) };
    } catch (error) {
      this.resolved = { error };
    }
  }

  /** The request target; throws, on every call, what resolving the URL threw. */
  target(): Target {
    if ('error' in this.resolved) throw this.resolved.error;
    return this.resolved.target;
  }

  /** A stored secret, opened once (the previous secret of a rotation too). */
  open(stored: string): string {
    let plain = this.opened.get(stored);
    if (plain === undefined) {
      plain = this.box.open(stored);
      this.opened.set(stored, plain);
    }
    return plain;
  }
}
