/** Something that must answer before the service is ready (NATS, Postgres, streams, read model). */
export interface ReadinessProbe {
  name: string;
  check(): Promise<void>;
}

/** Injection token for the service's list of readiness probes. */
export const READINESS_PROBES = Symbol('READINESS_PROBES');
