/** Where baseline tasks live on NATS: one stream per run namespace, one subject per route. */
export const BASELINE_IN_FLIGHT = 64;
export const baselineStream = (ns: string) => `${ns.toUpperCase().replace(/-/g, '_')}_BASELINE`;
export const baselineSubject = (ns: string, key: string) => `${ns}.baseline.${key}`;
