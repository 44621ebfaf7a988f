import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiError, ApiErrors } from '@herald/http-api';
import { healthCheckSchema, PROBES_TAG } from './probes.docs.js';
import { READINESS_PROBES, type ReadinessProbe } from './readiness.js';

/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers.
 * Terminus's own swagger decorators are off: they would document a body the
 * exception filter never sends, and only where `require` finds @nestjs/swagger.
 */
const HEALTH_CHECK = { noCache: true, swaggerDocumentation: false };

@Controller()
@ApiTags(PROBES_TAG.name)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
  ) {}

  @Get('healthz')
  @HealthCheck(HEALTH_CHECK)
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process is running' })
  @ApiResponse({ status: 200, standardSchema: healthCheckSchema, description: 'alive' })
  liveness() {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck(HEALTH_CHECK)
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: NATS, Postgres and what else the service needs answer',
  })
  @ApiResponse({ status: 200, standardSchema: healthCheckSchema, description: 'ready' })
  @ApiErrors({
    // Terminus throws ServiceUnavailableException; the exception filter maps it like any 5xx.
    error: new ApiError(503, 'internal', 'Service Unavailable Exception'),
    when: 'a dependency does not answer (which one is in the service log)',
  })
  readiness() {
    return this.health.check(
      this.probes.map((probe) => async () => {
        const session = this.indicators.check(probe.name);
        try {
          await probe.check();
          return session.up();
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      }),
    );
  }
}
