import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The gateway's own series. `upstream` is a service name (or `gateway` for
 * what it answers itself: 404s, probes, the portal) and `code` the status
 * class, so the label sets stay few whatever the traffic.
 */
export class GatewayMetrics {
  readonly requests: Counter<'upstream' | 'code'>;
  readonly duration: Histogram<'upstream'>;
  readonly upstreamFailures: Counter<'upstream' | 'reason'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'herald_gateway_requests_total',
      help: 'Requests answered by the gateway, by the service behind the route and status class',
      labelNames: ['upstream', 'code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'herald_gateway_request_duration_seconds',
      help: 'Time from request to answer through the gateway, by the service behind the route',
      labelNames: ['upstream'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.upstreamFailures = new Counter({
      name: 'herald_gateway_upstream_failures_total',
      help: 'Requests the service behind the route did not answer (503 unreachable, 504 timeout, 502 other)',
      labelNames: ['upstream', 'reason'],
      registers: [registry],
    });
  }
}
