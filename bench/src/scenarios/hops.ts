import type { WalCounters } from '../infra/database.js';
import { cpuMsPerDelivery, round } from '../report/stats.js';

/**
 * Where a saturated system's CPU per delivery goes, hop by hop: each of the
 * fixed shape's hops with the process that does it in the baseline, the
 * durable relay and Herald, then the servers every hop goes through. The
 * rows of a system add up to its judged CPU per delivery (the processes
 * `SYSTEM_CPU` counts), so the split is the arithmetic behind that figure.
 */
export const HOPS = [
  {
    hop: 'send (the baseline process; the dispatcher)',
    baseline: ['baseline'],
    relay: ['baseline'],
    herald: ['dispatcher'],
  },
  {
    hop: 'store (the relay `store`; ingest)',
    baseline: [],
    relay: ['relay-store'],
    herald: ['ingest'],
  },
  {
    hop: 'log (the relay `log`; the health-monitor)',
    baseline: [],
    relay: ['relay-log'],
    herald: ['health-monitor'],
  },
  { hop: 'registry and alerting', baseline: [], relay: [], herald: ['registry', 'alerting'] },
  {
    hop: 'nats-server',
    baseline: ['nats-server'],
    relay: ['nats-server'],
    herald: ['nats-server'],
  },
  { hop: 'postgres', baseline: [], relay: ['postgres'], herald: ['postgres'] },
] as const satisfies readonly HopProcesses[];

/** The systems a run measures, in the order the report shows them. */
export const SYSTEMS = ['baseline', 'relay', 'herald'] as const;
export type System = (typeof SYSTEMS)[number];
type HopProcesses = { hop: string } & Record<System, readonly string[]>;

/** The processes whose CPU a delivery costs in each system (every hop's, together). */
export const SYSTEM_CPU: Record<System, string[]> = {
  baseline: HOPS.flatMap((h) => [...h.baseline]),
  relay: HOPS.flatMap((h) => [...h.relay]),
  herald: HOPS.flatMap((h) => [...h.herald]),
};

export interface HopCost {
  hop: string;
  /** ms per delivery in the counted rounds; null where the system has no such hop (or no measure). */
  baseline: number | null;
  relay: number | null;
  herald: number | null;
}

/** A saturated system's CPU seconds by process over its counted rounds, and what it delivered meanwhile. */
export interface Loaded {
  cpuSeconds: Record<string, number>;
  deliveredWhileLoaded: number;
  /** Read- and write-family system calls by process over the same rounds (runs since 6 December). */
  ioCalls?: Record<string, number>;
  /** Postgres's WAL over the same rounds, where it could be read. */
  wal?: WalCounters | null;
}

/** A system's CPU per delivery as the sum of its hops, ms; null when the split has none of its hops. */
export function hopTotal(rows: readonly HopCost[], system: System): number | null {
  return rows.some((row) => row[system] !== null)
    ? rows.reduce((sum, row) => sum + (row[system] ?? 0), 0)
    : null;
}

/** The per-hop split of each system's CPU per delivery, ms (three decimals). */
export function costByHop(systems: Partial<Record<System, Loaded>>): HopCost[] {
  const cost = (system: System, processes: readonly string[]) => {
    const loaded = systems[system];
    if (!loaded || processes.length === 0) return null;
    const ms = cpuMsPerDelivery(loaded.cpuSeconds, processes, loaded.deliveredWhileLoaded);
    return Number.isFinite(ms) ? round(ms, 3) : null;
  };
  return byHop(cost);
}

/** One row per hop, each system's figure from its processes at that hop. */
function byHop(value: (system: System, processes: readonly string[]) => number | null): HopCost[] {
  return HOPS.map((h) => ({
    hop: h.hop,
    baseline: value('baseline', h.baseline),
    relay: value('relay', h.relay),
    herald: value('herald', h.herald),
  }));
}

/**
 * The read- and write-family system calls per delivery of each hop's
 * processes in the counted rounds (two decimals): how often each hop
 * enters the kernel to move bytes. A hop that makes one write and one read
 * per delivery to its receiver is at the floor of its sockets. Null where
 * the system has no such hop, or a process of it could not be read.
 */
export function ioCallsByHop(systems: Partial<Record<System, Loaded>>): HopCost[] {
  const calls = (system: System, processes: readonly string[]) => {
    const loaded = systems[system];
    const counts = loaded?.ioCalls;
    if (!loaded || !counts || processes.length === 0 || !(loaded.deliveredWhileLoaded > 0))
      return null;
    if (processes.some((name) => counts[name] === undefined)) return null;
    const total = processes.reduce((sum, name) => sum + counts[name]!, 0);
    return round(total / loaded.deliveredWhileLoaded, 2);
  };
  return byHop(calls);
}

/**
 * The WAL each system's deliveries cost Postgres (records and full-page
 * images to two decimals, bytes whole): the relay's two rows against
 * Herald's messages, marks and attempts with their indexes, per delivery.
 * The server's whole log, so whatever else wrote meanwhile is in it.
 */
export function walPerDelivery(
  systems: Partial<Record<System, Loaded>>,
): Partial<Record<System, WalCounters>> {
  return bySystem(systems, (loaded) => {
    const { wal, deliveredWhileLoaded: delivered } = loaded;
    if (!wal || !(delivered > 0)) return undefined;
    return {
      records: round(wal.records / delivered, 2),
      fullPageImages: round(wal.fullPageImages / delivered, 2),
      bytes: round(wal.bytes / delivered, 0),
    };
  });
}

/**
 * Each system's CPU per delivery over a whole phase at a fixed rate, ms: its
 * judged processes (`SYSTEM_CPU`, as while saturated) over what it delivered
 * in the phase. At a fixed rate no backlog builds, so no system's batches
 * grow with one: this is what a delivery costs at that rate, the system's
 * idle work included. A diagnostic beside the judged figure; absent for a
 * system with no measure.
 */
export function cpuPerDeliveryAtRate(
  systems: Partial<Record<System, Loaded>>,
): Partial<Record<System, number>> {
  return bySystem(systems, (loaded, system) => {
    const ms = systemMs(loaded, system);
    return Number.isFinite(ms) ? round(ms, 3) : undefined;
  });
}

/** A system's CPU per delivery over a loaded period, ms: the processes `SYSTEM_CPU` counts for it. */
function systemMs(loaded: Loaded, system: System): number {
  return cpuMsPerDelivery(loaded.cpuSeconds, SYSTEM_CPU[system], loaded.deliveredWhileLoaded);
}

/** A figure for each system that was measured, and for which `value` gives one. */
function bySystem<T>(
  systems: Partial<Record<System, Loaded>>,
  value: (loaded: Loaded, system: System) => T | undefined,
): Partial<Record<System, T>> {
  const out: Partial<Record<System, T>> = {};
  for (const system of SYSTEMS) {
    const loaded = systems[system];
    const figure = loaded ? value(loaded, system) : undefined;
    if (figure !== undefined) out[system] = figure;
  }
  return out;
}

/** The process whose work per delivery is the same for every system: it takes each request and checks its signature. */
export const RECEIVER = 'receiver';

export interface ReceiverUnits {
  /** The receiver's CPU per delivery in the system's counted rounds, ms. */
  receiverMs: number;
  /** The system's CPU per delivery (the judged processes) ÷ the receiver's. */
  units: number;
}

/**
 * Each system's CPU per delivery in units of the receiver's, measured in the
 * same rounds. The receiver does the same work per delivery whichever system
 * sends, yet its CPU per delivery moves from run to run and from system to
 * system with how busy and how contended the machine is: what a millisecond
 * of CPU buys. Divided by it, a system's figure keeps what the system does
 * and loses most of what the machine did meanwhile, so two builds compare
 * in fewer runs. A diagnostic for comparing builds, not a judged figure.
 */
export function receiverUnits(
  systems: Partial<Record<System, Loaded>>,
): Partial<Record<System, ReceiverUnits>> {
  return bySystem(systems, (loaded, system) => {
    const receiverMs = cpuMsPerDelivery(loaded.cpuSeconds, [RECEIVER], loaded.deliveredWhileLoaded);
    const ms = systemMs(loaded, system);
    if (!(receiverMs > 0) || !Number.isFinite(ms)) return undefined;
    return { receiverMs: round(receiverMs, 3), units: round(ms / receiverMs, 2) };
  });
}
