import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { PeriodicJobs } from './periodic-jobs.js';

describe('PeriodicJobs', () => {
  it('makes jobs that report to the service registry under their name', async () => {
    const metrics = new Registry();
    let runs = 0;
    const job = new PeriodicJobs(metrics).every(60_000, 'tidy-up', () => {
      runs += 1;
    });
    await job.runNow();
    expect(job.name).toBe('tidy-up');
    expect(runs).toBe(1);
    expect(await metrics.metrics()).toContain(
      'herald_job_runs_total{job="tidy-up",outcome="ok"} 1',
    );
  });
});
