import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { TenantPrincipal } from '@herald/api-auth';
import { PeriodicJobs } from '@herald/observability';
import type { PeriodicJob } from '@herald/runtime';
import { DISPATCHER_CONFIG } from '../config.js';
import type { ReplaySelection } from './dead-letter-filter.js';
import type { ReplaySettings } from './replay-env.js';
import { ReplayRunner } from './replay-runner.js';
import { ReplayStore, type ReplayJob, type ReplayKind } from './replay.store.js';

interface Running {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Starts replay jobs and keeps them alive across restarts. A job belongs to
 * the replica holding its lease, renewed every third of it; at start-up and
 * every half lease each replica adopts running jobs whose lease lapsed, so a
 * job outlives the replica that started it. On shutdown the runners stop and
 * the leases are released, so the next start resumes at once.
 */
@Injectable()
export class ReplayJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplayJobs.name);
  private readonly owner = `${hostname()}:${randomUUID()}`;
  private readonly running = new Map<string, Running>();
  private readonly adopter: PeriodicJob;
  private stopping = false;

  constructor(
    private readonly store: ReplayStore,
    private readonly runner: ReplayRunner,
    @Inject(DISPATCHER_CONFIG) private readonly config: ReplaySettings,
    jobs: PeriodicJobs,
  ) {
    this.adopter = jobs.every(config.HERALD_REPLAY_LEASE / 2, 'replay-adopt', () =>
      this.adoptOrphans(),
    );
  }

  /** Records the request; a real run starts its job here. 429 past the tenant's limit. */
  async request(
    principal: TenantPrincipal,
    kind: ReplayKind,
    selection: ReplaySelection,
    dryRun: boolean,
  ): Promise<{ replayId: string; matched: number }> {
    const replayId = `rpl_${randomUUID()}`;
    const { matched, job } = await this.store.create(
      {
        id: replayId,
        tenantId: principal.tenantId,
        keyId: principal.keyId,
        kind,
        selection,
        dryRun,
      },
      {
        owner: this.owner,
        leaseMs: this.config.HERALD_REPLAY_LEASE,
        maxRunning: this.config.HERALD_REPLAY_MAX_RUNNING,
        ratePerSecond: this.config.HERALD_REPLAY_RATE,
      },
    );
    if (job) this.launch(job);
    return { replayId, matched };
  }

  onApplicationBootstrap(): Promise<void> {
    return this.adopter.start({ immediate: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.adopter.stop();
    for (const { abort } of this.running.values()) abort.abort();
    await Promise.all([...this.running.values()].map(({ done }) => done));
    await this.store.release(this.owner).catch((error: unknown) => {
      this.logger.warn(`could not release replay leases: ${(error as Error).message}`);
    });
  }

  /** Claims running jobs whose lease lapsed and runs them here. */
  private async adoptOrphans(): Promise<void> {
    if (this.stopping) return;
    const jobs = await this.store.claimOrphans(this.owner, this.config.HERALD_REPLAY_LEASE);
    for (const job of jobs) {
      this.logger.log(`resuming replay ${job.id}`);
      this.launch(job);
    }
  }

  private launch(job: ReplayJob): void {
    if (this.running.has(job.id) || this.stopping) return;
    const abort = new AbortController();
    const heartbeat = setInterval(() => {
      this.store.renew(job.id, this.owner, this.config.HERALD_REPLAY_LEASE).then(
        (owned) => owned || abort.abort(),
        (error: unknown) => this.logger.warn(`replay ${job.id} lease: ${(error as Error).message}`),
      );
    }, this.config.HERALD_REPLAY_LEASE / 3);
    const done = this.runner
      .run(job, this.owner, abort.signal)
      .catch((error: unknown) => {
        this.logger.error(`replay ${job.id} stopped: ${(error as Error).message}`);
      })
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(job.id);
      });
    this.running.set(job.id, { abort, done });
  }
}
