import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS_EXAMPLE, PROBES_TAG } from './probes.docs.js';

/** The service's own prom-client registry (never the global default). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * prom-client's default gauges named `…_total`, which `promtool check metrics`
 * rejects (`_total` is for counters); the same figures remain available per
 * type as `herald_nodejs_active_{handles,requests,resources}`.
 */
const NON_CONFORMING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Every Herald metric starts with `herald_`; prom-client's defaults keep their
 * own names after it (`herald_process_cpu_user_seconds_total`,
 * `herald_nodejs_eventloop_lag_p99_seconds`). Every series carries `service`
 * and `herald_namespace` (HERALD_NAMESPACE): the install it comes from, so that
 * several installs scraped by one Prometheus stay apart.
 */
export function createMetricsRegistry(service: string, namespace = 'herald'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service, herald_namespace: namespace });
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  for (const name of NON_CONFORMING_DEFAULTS)
    registry.removeSingleMetric(`${METRIC_PREFIX}${name}`);
  return registry;
}

export const METRIC_PREFIX = 'herald_';

@Controller()
@ApiTags(PROBES_TAG.name)
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ operationId: 'getMetrics', summary: "The service's Prometheus metrics" })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    schema: { type: 'string', example: METRICS_EXAMPLE },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
