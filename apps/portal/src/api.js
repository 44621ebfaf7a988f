/**
 * A small client of Herald's API on this origin (the gateway), with the
 * portal token. Failures become `ApiFailure`s carrying the API's error code
 * and per-field details, so forms can show them at their fields.
 */
export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? 'http_error';
    this.details = body?.error?.details ?? [];
  }
}

let token = null;
let onExpired = () => {};

export function configureApi(sessionToken, expired) {
  token = sessionToken;
  onExpired = expired;
}

export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const failure = new ApiFailure(response.status, parsed);
    if (response.status === 401) onExpired(failure);
    throw failure;
  }
  return parsed;
}

export const get = (path) => api('GET', path);

/** `?a=1&b=2` from the non-empty entries of `params`. */
export function query(params) {
  const entries = Object.entries(params).filter(
    ([, v]) => v !== undefined && v !== null && v !== '',
  );
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

/**
 * Follows `GET /v1/attempts/stream` (Server-Sent Events) with the token in
 * a header (EventSource cannot send one), calling `onAttempt` per attempt.
 * Reconnects after a second when the stream ends; returns `stop()`.
 */
export function followAttempts(onAttempt, { endpointId, onOpen } = {}) {
  let stopped = false;
  let controller = null;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(`/v1/attempts/stream${query({ endpointId })}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (response.status === 401) {
          onExpired(new ApiFailure(401, await response.json().catch(() => null)));
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onOpen?.();
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            if (data && block.includes('event: attempt')) onAttempt(JSON.parse(data));
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
