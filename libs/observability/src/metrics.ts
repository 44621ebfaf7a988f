import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS_EXAMPLE, PROBES_TAG } from './probes.docs.js';

/** The service's own prom-client registry (never the global default). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * prom-client's default gauges named `…_total`, which `promtool check metrics`
 * rejects (`_total` is for counters); the same figures remain available per
 * type as `herald_process_nodejs_active_{handles,requests,resources}`.
 */
const NON_CONFORMING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'herald_process_' });
  for (const name of NON_CONFORMING_DEFAULTS) registry.removeSingleMetric(`herald_process_${name}`);
  return registry;
}

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
