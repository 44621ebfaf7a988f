/**
 * The servers of a `NATS_URL`: one URL, or a comma-separated list of a
 * cluster's servers (`nats://nats-0:4222,nats://nats-1:4222`). The client
 * connects to any of them and fails over to the others.
 */
export function natsServers(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
