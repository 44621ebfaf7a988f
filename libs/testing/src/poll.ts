/**
 * Waits for a condition by polling it until a deadline — never a fixed sleep.
 * `probe` returns a value when the condition holds, or undefined/false to keep waiting.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? `; last error: ${(lastError as Error).message}` : '';
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/** Base URL of a Nest app listening on an ephemeral port. */
export function baseUrl(app: { getHttpServer(): unknown }): string {
  const server = app.getHttpServer() as { address(): { port: number } | string | null };
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('app is not listening');
  return `http://127.0.0.1:${address.port}`;
}
