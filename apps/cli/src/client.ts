import type { CliConfig, Service } from './config.js';
import type { Operation } from './operation.js';

/** An error answer of the API, with Herald's error body. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; reason: string }[],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** A usage mistake: wrong arguments or missing credentials (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Fetch = typeof fetch;

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Query parameters; undefined, null and false are left out, arrays repeat the name. */
export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

/**
 * The HTTP seam of the CLI: one JSON request to one service, authenticated
 * with the tenant API key or, for operator routes, the admin token. Answers
 * of 2xx return the parsed body; others throw `ApiCallError`.
 */
export class HeraldClient {
  constructor(
    private readonly config: CliConfig,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  async call<T = unknown>(
    service: Service,
    method: string,
    route: string,
    options: { body?: unknown; query?: Query; admin?: boolean; auth?: Operation['auth'] } = {},
  ): Promise<{ status: number; body: T }> {
    const auth = options.auth ?? (options.admin ? 'admin' : 'apiKey');
    const token =
      auth === 'none'
        ? undefined
        : auth === 'admin'
          ? this.config.adminToken
          : auth === 'either'
            ? (this.config.apiKey ?? this.config.adminToken)
            : this.config.apiKey;
    if (!token && auth !== 'none') {
      throw new UsageError(
        auth === 'admin'
          ? 'this command needs the admin token: --admin-token or HERALD_ADMIN_TOKEN'
          : 'this command needs an API key: --key or HERALD_API_KEY',
      );
    }
    const url = new URL(`${this.config.urls[service]}${route}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const item of [value].flat()) {
        if (item !== undefined && item !== null && item !== false)
          url.searchParams.append(name, String(item));
      }
    }
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (error) {
      throw new ApiCallError(
        0,
        'unreachable',
        `${service} at ${this.config.urls[service]} does not answer: ${(error as Error).message}`,
        [],
      );
    }
    const text = await response.text();
    // JSON answers are parsed; others (the Prometheus text of /metrics) are returned as text.
    const body = text ? parseOrText(text) : null;
    if (!response.ok) {
      const error = (body as { error?: { code: string; message: string; details?: [] } } | null)
        ?.error;
      throw new ApiCallError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `HTTP ${response.status}`,
        error?.details ?? [],
      );
    }
    return { status: response.status, body: body as T };
  }
}
