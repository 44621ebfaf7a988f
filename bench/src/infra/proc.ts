import { readdirSync, readFileSync } from 'node:fs';

/**
 * Linux /proc readings: memory high-water marks and CPU time of processes.
 * A process that has exited reads as null; callers keep the last good value.
 */
export interface MemoryReading {
  rssMb: number;
  /** VmHWM: the peak resident set size since the process started. */
  peakRssMb: number;
}

export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

/** The shared servers whose CPU a run reports, all their processes together. */
const SERVERS = ['nats-server', 'postgres'];

/**
 * The fields of /proc/<pid>/stat from the state on (field 3, index 0): the
 * command name before them may contain spaces. Null once the process is gone.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU time of a process, in milliseconds. */
export function readCpuMs(pid: number): number | null {
  const fields = statFields(pid);
  if (!fields) return null;
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** When a process started, in clock ticks after boot (field 22). */
function startTicks(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[19]) : null;
}

/** Pids whose command name is `name` (e.g. `nats-server`, `postgres`). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * Tracks peak memory of the bench's own processes (polled, and VmHWM read
 * at the end, so a short spike between polls is still seen).
 */
export class MemoryWatch {
  private readonly peaks = new Map<string, MemoryReading>();
  private readonly pids = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private segment = 'start-up';
  /** Highest RSS seen per process during each labelled part of the run (MB). */
  readonly bySegment: Record<string, Record<string, number>> = {};

  /** Starts a new labelled part of the run (a scenario) for `bySegment`. */
  enter(label: string): void {
    this.sample();
    this.segment = label;
  }

  watch(name: string, pid: number): void {
    this.pids.set(name, pid);
    this.timer ??= setInterval(() => this.sample(), 1_000).unref();
  }

  sample(): void {
    for (const [name, pid] of this.pids) {
      const reading = readMemory(pid);
      if (!reading) continue;
      const segment = (this.bySegment[this.segment] ??= {});
      segment[name] = Math.round(Math.max(segment[name] ?? 0, reading.rssMb) * 10) / 10;
      const previous = this.peaks.get(name);
      this.peaks.set(name, {
        rssMb: reading.rssMb,
        peakRssMb: Math.max(reading.peakRssMb, previous?.peakRssMb ?? 0),
      });
    }
  }

  /** Peak RSS (MB) per process name, after one last reading. */
  result(): Record<string, MemoryReading> {
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * The read- and write-family system calls a process's threads have made
 * (`syscr` + `syscw` of each /proc/<pid>/task/<tid>/io: read, readv,
 * recvmsg…, write, writev, sendmsg…), or null where they cannot be read.
 * Per thread, because /proc/<pid>/io also holds what the process's exited
 * children did: the postmaster's would count every autovacuum worker and
 * every closed connection's backend a second time.
 */
export function readIoCalls(pid: number): number | null {
  try {
    let calls = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      calls += ioCallsIn(readFileSync(`/proc/${pid}/task/${tid}/io`, 'utf8'));
    }
    return Number.isFinite(calls) ? calls : null;
  } catch {
    return null;
  }
}

/** `syscr` + `syscw` of the text of an `io` file of /proc; NaN where either is missing. */
export function ioCallsIn(io: string): number {
  return Number(/^syscr:\s+(\d+)/m.exec(io)?.[1]) + Number(/^syscw:\s+(\d+)/m.exec(io)?.[1]);
}

/**
 * A counter of each bench process, and of the shared NATS and Postgres
 * servers (all their processes, including work for other users of the
 * machine), between two snapshots: CPU time (`CpuWatch`) or system calls
 * (`IoCallWatch`). Shows which process a scenario's work went to.
 *
 * A server's figure is a running total over its processes, each counted from
 * when it was first seen: Postgres runs a backend per connection, and in a
 * sum of whichever processes are alive at each snapshot, a backend that
 * exits between two snapshots takes all its count out of the sum, including
 * what it did before the first. The servers are read every second, so a
 * backend that exits loses at most its last second.
 */
class ProcessCounterWatch {
  private readonly pids = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly serverSeen = new Map<string, number>();
  private readonly serverTotals: Record<string, number> = {};
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly read: (pid: number) => number | null,
    private readonly servers: readonly string[],
    private readonly intervalMs: number,
  ) {}

  watch(name: string, pid: number): void {
    this.pids.set(name, pid);
    this.timer ??= setInterval(() => this.readServers(), this.intervalMs).unref();
  }

  snapshot(): Record<string, number> {
    const reading: Record<string, number> = {};
    for (const [name, pid] of this.pids) {
      const value = this.read(pid);
      if (value !== null) this.last.set(name, value);
      reading[name] = this.last.get(name) ?? 0;
    }
    this.readServers();
    for (const server of this.servers) reading[server] = this.serverTotals[server] ?? 0;
    return reading;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private readServers(): void {
    for (const server of this.servers) {
      for (const pid of pidsNamed(server)) {
        const value = this.read(pid);
        const started = startTicks(pid);
        if (value === null || started === null) continue;
        // Keyed by start time too, so a pid reused by a new process is counted afresh.
        const key = `${pid}@${started}`;
        const seen = this.serverSeen.get(key);
        // A count can fall within one process (a thread that exits takes its calls): add only growth.
        const added = seen === undefined ? value : Math.max(0, value - seen);
        this.serverTotals[server] = (this.serverTotals[server] ?? 0) + added;
        this.serverSeen.set(key, value);
      }
    }
  }
}

/** CPU time of each bench process and server (`ProcessCounterWatch`), in milliseconds. */
export class CpuWatch extends ProcessCounterWatch {
  constructor(servers: readonly string[] = SERVERS, intervalMs = 1_000) {
    super(readCpuMs, servers, intervalMs);
  }

  /** CPU seconds per process from `before` to now (two decimals). */
  static delta(before: Record<string, number>, after: Record<string, number>) {
    return grown(before, after, (ms) => Math.round(ms / 10) / 100);
  }
}

/**
 * Read- and write-family system calls of each bench process and server
 * (`ProcessCounterWatch`, `readIoCalls`): how many times each process
 * entered the kernel to move bytes, a cost CPU profiles show only as
 * `writev` or `(native)`.
 */
export class IoCallWatch extends ProcessCounterWatch {
  constructor(servers: readonly string[] = SERVERS, intervalMs = 1_000) {
    super(readIoCalls, servers, intervalMs);
  }

  /** System calls per process from `before` to now. */
  static delta(before: Record<string, number>, after: Record<string, number>) {
    return grown(before, after, (calls) => calls);
  }
}

/** Each process's growth from one snapshot to the next, in the unit `unit` gives; never below zero. */
function grown(
  before: Record<string, number>,
  after: Record<string, number>,
  unit: (growth: number) => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    out[name] = Math.max(0, unit(count - (before[name] ?? 0)));
  }
  return out;
}
