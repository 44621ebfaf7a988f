import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The same CPU quota for each process a scale measurement runs, with cgroup
 * v1's CFS bandwidth control: one cgroup per process under
 * `/sys/fs/cgroup/cpu/herald-bench-<run>/`, `cpu.cfs_quota_us` =
 * `cpus` × `cpu.cfs_period_us`. Writing there needs root; where the
 * controller is missing or not writable, `open` says why and the processes
 * run without a quota (the ratios then depend on the machine's free cores).
 */
export const CGROUP_CPU_ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_US = 100_000;
/**
 * Each replica's group weighs 8× a lone process of the root group: when other
 * work on the machine competes for the cores, a replica still gets its quota
 * (the quota caps it; the weight only matters under contention).
 */
const SHARES = 8_192;

export class CpuQuota {
  private readonly groups = new Map<string, string>();

  private constructor(
    /** The run's cgroup directory, or null when quotas are unavailable. */
    private readonly dir: string | null,
    readonly cpus: number,
    /** Why there is no quota, when there is none. */
    readonly unavailable: string | null,
  ) {}

  /** Creates the run's cgroup, or returns a quota-less instance saying why it cannot. */
  static open(run: string, cpus: number, root = CGROUP_CPU_ROOT): CpuQuota {
    const dir = path.join(root, `herald-bench-${run}`);
    try {
      readFileSync(path.join(root, 'cpu.cfs_quota_us'), 'utf8');
      mkdirSync(dir);
      return new CpuQuota(dir, cpus, null);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return new CpuQuota(
        null,
        cpus,
        `no cgroup v1 CPU controller writable at ${root} (${reason}; it needs root): ` +
          'replicas run WITHOUT a CPU quota, so the ratios reflect the free cores of the machine',
      );
    }
  }

  get enabled(): boolean {
    return this.dir !== null;
  }

  /** Puts process `pid` (all its threads) in its own cgroup limited to `cpus`. */
  limit(name: string, pid: number): void {
    if (!this.dir) return;
    const group = path.join(this.dir, name.replace(/[^A-Za-z0-9_-]/g, '-'));
    mkdirSync(group, { recursive: true });
    writeFileSync(path.join(group, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(path.join(group, 'cpu.cfs_quota_us'), String(Math.round(this.cpus * PERIOD_US)));
    writeFileSync(path.join(group, 'cpu.shares'), String(SHARES));
    writeFileSync(path.join(group, 'cgroup.procs'), String(pid));
    this.groups.set(name, group);
  }

  /** Lifts the quota of `name` (moves its processes back to the root group). */
  unlimit(name: string): void {
    const group = this.groups.get(name);
    if (!group) return;
    this.groups.delete(name);
    moveOut(group);
    rmdirSync(group);
  }

  /**
   * CFS periods of `name` so far, and in how many of them the quota ran out
   * (`nr_periods`, `nr_throttled`): their ratio over a phase is the share of
   * the time the process was CPU-bound at its quota.
   */
  periods(name: string): { periods: number; throttled: number } | null {
    const group = this.groups.get(name);
    if (!group) return null;
    const stat = readFileSync(path.join(group, 'cpu.stat'), 'utf8');
    const field = (key: string) => Number(new RegExp(`${key} (\\d+)`).exec(stat)?.[1] ?? NaN);
    return { periods: field('nr_periods'), throttled: field('nr_throttled') };
  }

  /** Removes every cgroup of the run (processes still in one go back to the root group). */
  close(): void {
    for (const name of [...this.groups.keys()]) this.unlimit(name);
    if (this.dir) rmdirSync(this.dir);
  }
}

function moveOut(group: string): void {
  const root = path.resolve(group, '..', '..');
  const pids = readFileSync(path.join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  for (const pid of pids) {
    try {
      writeFileSync(path.join(root, 'cgroup.procs'), pid);
    } catch {
      // exited meanwhile
    }
  }
}
