import type { Subscription } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { NatsClient } from '@herald/messaging';

/**
 * Follows a core NATS subject of announcements (at most once: transient
 * state, announced again on every change). Each message is parsed with
 * `schema`; one that is not JSON or does not match is logged as a malformed
 * `what` and ignored. Unsubscribe the result on shutdown.
 */
export function followAnnouncements<Schema extends z.ZodType>(
  nats: NatsClient,
  subject: string,
  options: {
    schema: Schema;
    what: string;
    logger: { warn(message: string): void };
    handle: (announcement: z.infer<Schema>) => void;
  },
): Subscription {
  return nats.connection.subscribe(subject, {
    callback: (error, msg) => {
      if (error) return;
      const parsed = options.schema.safeParse(safeJson(msg.string()));
      if (parsed.success) options.handle(parsed.data);
      else options.logger.warn(`ignoring malformed ${options.what} on ${msg.subject}`);
    },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
