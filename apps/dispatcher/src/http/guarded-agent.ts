import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import requestOn from 'undici/lib/api/api-request.js';
import { guardedLookup, type AddressPolicy } from '@herald/ssrf';

/** A request's options: those of undici's `request`, without the target, given as a URL. */
export type GuardedRequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;

/**
 * Outbound HTTP whose every connection resolves its host through the SSRF
 * guard (`guardedLookup`): an undici agent, and undici's `request` on it.
 * Only undici's agent and request modules are loaded (ADR 0115): the
 * package's index also loads fetch, WebSocket, its cache and its cookies,
 * and the cookies module reads `globalThis.Headers`, which loads Node's own
 * copy of undici beside this one.
 */
export class GuardedAgent {
  private readonly agent: InstanceType<typeof Agent>;

  /** `keepAliveTimeoutMs`: how long an idle connection is kept. */
  constructor(policy: AddressPolicy, keepAliveTimeoutMs: number) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(policy) },
      keepAliveTimeout: keepAliveTimeoutMs,
    });
  }

  /** Sends one request to `url` (its origin, path and query; never its fragment). */
  request(url: URL, options: GuardedRequestOptions): Promise<Dispatcher.ResponseData> {
    return requestOn.call(this.agent, {
      ...options,
      origin: url.origin,
      path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    });
  }

  /** Closes every connection once its requests are done. */
  close(): Promise<void> {
    return this.agent.close();
  }
}
