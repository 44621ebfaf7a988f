import { z } from 'zod';
import { apiSchema } from '@herald/http-api';

/**
 * How the probes and `/metrics` answer, for the OpenAPI documents. The probe
 * body is @nestjs/terminus's health-check result.
 */
export const PROBES_TAG = {
  name: 'probes',
  description:
    'Liveness, readiness and Prometheus metrics. Every service serves them on its own port, ' +
    'without authentication (keep them off the public network).',
};

const indicators = z.record(
  z.string(),
  z.looseObject({ status: z.enum(['up', 'degraded', 'down']) }),
);

export const healthCheckSchema = apiSchema(
  z.object({
    status: z.enum(['ok', 'degraded', 'error', 'shutting_down']),
    info: indicators.optional().meta({ description: 'Dependencies that answer.' }),
    error: indicators.optional().meta({ description: 'Dependencies that do not.' }),
    details: indicators,
  }),
  {
    id: 'HealthCheck',
    description: 'One entry per dependency probed (none for liveness).',
    example: {
      status: 'ok',
      info: { nats: { status: 'up' }, postgres: { status: 'up' } },
      error: {},
      details: { nats: { status: 'up' }, postgres: { status: 'up' } },
    },
  },
);

export const METRICS_EXAMPLE = [
  '# HELP herald_process_cpu_user_seconds_total Total user CPU time spent in seconds.',
  '# TYPE herald_process_cpu_user_seconds_total counter',
  'herald_process_cpu_user_seconds_total{service="registry",herald_namespace="herald"} 0.42',
  '',
].join('\n');
