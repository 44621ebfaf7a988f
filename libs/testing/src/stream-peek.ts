import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export interface PeekedMessage {
  subject: string;
  data: string;
  headers: Record<string, string>;
}

/**
 * Reads every message currently stored in a stream without consuming it —
 * for asserting what a service published when its consumer is not running.
 */
export async function peekStream(natsUrl: string, stream: string): Promise<PeekedMessage[]> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(stream);
    const messages: PeekedMessage[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!stored) continue;
      const headers: Record<string, string> = {};
      for (const [name, values] of stored.header ?? []) headers[name] = values[0] ?? '';
      messages.push({ subject: stored.subject, data: stored.string(), headers });
    }
    return messages;
  } finally {
    await nc.close();
  }
}
