import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { PeriodicJob } from '@herald/runtime';
import { METRICS_REGISTRY } from './metrics.js';

/**
 * Makes a service's periodic jobs (`PeriodicJob`, ADR 0065), wired to its
 * metrics registry and to a logger named after the job. The owner starts the
 * job from a lifecycle hook and stops it on shutdown.
 */
@Injectable()
export class PeriodicJobs {
  constructor(@Inject(METRICS_REGISTRY) private readonly metrics: Registry) {}

  /** A job named `name` (its metrics label and log context) that runs `run` every `intervalMs`. */
  every(intervalMs: number, name: string, run: () => unknown): PeriodicJob {
    return new PeriodicJob({
      name,
      intervalMs,
      run,
      logger: new Logger(name),
      metrics: this.metrics,
    });
  }
}
