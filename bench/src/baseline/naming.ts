/** Where baseline tasks live on NATS: one stream per run namespace, one subject per route. */
export const BASELINE_IN_FLIGHT = 64;
const streamOf = (ns: string, name: string) => `${ns.toUpperCase().replace(/-/g, '_')}_${name}`;
export const baselineStream = (ns: string) => streamOf(ns, 'BASELINE');
export const baselineSubject = (ns: string, key: string) => `${ns}.baseline.${key}`;
/** The durable relay's events: stored, then handed to the baseline under the same route key. */
export const relayStream = (ns: string) => streamOf(ns, 'RELAY');
export const relaySubject = (ns: string, key: string) => `${ns}.relay.${key}`;
/** The attempts the baseline sends for relayed tasks, which the relay's `log` process stores. */
export const relayLogStream = (ns: string) => streamOf(ns, 'RELAYLOG');
export const relayLogSubject = (ns: string, key: string) => `${ns}.relaylog.${key}`;
/** Where the relay hands the baseline its batches (no route is named `relay-batch`). */
export const relayBatchSubject = (ns: string) => baselineSubject(ns, 'relay-batch');
