import {
  HOPS,
  hopTotal,
  SYSTEMS,
  type HopCost,
  type ReceiverUnits,
  type System,
} from '../scenarios/hops.js';
import type { WalCounters } from '../infra/database.js';
import type { GitInfo, MachineInfo, Versions } from '../infra/machine.js';
import type { StatementCapture } from '../infra/pg-stat-statements.js';
import type { NatsProfileSummary } from '../infra/nats-profile.js';
import type { ProfileSummary } from './cpu-profile.js';
import type { Figure, ScenarioResult } from './results.js';

/** The whole record of one run: what the JSON file holds and the table is made from. */
export interface BenchRun {
  run: string;
  mode: 'quick' | 'full';
  startedAt: string;
  durationSeconds: number;
  /** True when every scenario delivered exactly what was published (and none errored). */
  correct: boolean;
  /** True when, in addition, every target was met. */
  targetsMet: boolean;
  interrupted: boolean;
  machine: MachineInfo;
  versions: Versions;
  git: GitInfo;
  settings: Record<string, unknown>;
  scenarios: ScenarioResult[];
  pgStatStatements?: StatementCapture;
  cpuProfiles?: ProfileSummary[];
  note: string;
}

export const NOTE =
  'Compare Herald with the baseline only within one run (ratios). Absolute figures depend on ' +
  'the machine and whatever else it was doing, and are never comparable across runs.';

const format = (value: number | null, unit: string) => {
  if (value === null || Number.isNaN(value)) return '—';
  const text = Math.abs(value) >= 100 ? value.toFixed(0) : String(value);
  return unit === '/s' ? text : `${text} ${unit}`;
};

function result(figure: Figure, scenario: ScenarioResult): string {
  if (!scenario.correct) return figure.target ? '**FAIL** (incorrect)' : 'incorrect';
  if (figure.pass === null) return '';
  return figure.pass ? 'pass' : '**FAIL**';
}

function ratio(figure: Figure): string {
  if (figure.ratio === null) return '—';
  return `${figure.ratio}×`;
}

export function markdown(run: BenchRun): string {
  const lines = [
    `## Herald benchmark — ${run.mode} run ${run.run}`,
    '',
    `${run.startedAt} · ${run.durationSeconds} s · commit ${run.git.commit.slice(0, 10)}${
      run.git.dirty ? ' (uncommitted changes)' : ''
    } · ${run.machine.cpuModel}, ${run.machine.cores} cores · Node ${run.versions.node} · ` +
      `NATS ${run.versions.natsServer} · Postgres ${run.versions.postgres} · load average ` +
      `${run.machine.loadAverage.atStart.join('/')} → ${run.machine.loadAverage.atEnd?.join('/') ?? '?'}`,
    '',
    '| scenario | metric | baseline | herald | herald ÷ baseline | target | result |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const scenario of run.scenarios) {
    if (scenario.figures.length === 0) {
      lines.push(
        `| ${scenario.title} | — | — | — | — | — | **FAIL** (${scenario.error ?? 'no figures'}) |`,
      );
    }
    for (const figure of scenario.figures) {
      lines.push(
        `| ${scenario.title} | ${figure.metric} | ${format(figure.baseline, figure.unit)} | ${format(
          figure.herald,
          figure.unit,
        )} | ${ratio(figure)} | ${figure.target ?? ''} | ${result(figure, scenario)} |`,
      );
    }
  }
  lines.push(...throughputCostSection(run));
  lines.push(...hopSection(run));
  lines.push(...natsProfileSection(run));
  lines.push(...breakdownSection(run));
  const problems = run.scenarios.flatMap((s) =>
    [...(s.error ? [s.error] : []), ...s.problems].map((p) => `- **${s.title}**: ${p}`),
  );
  lines.push('');
  lines.push(
    run.correct
      ? `Every delivery verified: signatures valid (standardwebhooks), each message exactly once per endpoint.${
          run.targetsMet ? ' All targets met.' : ' Some targets missed.'
        }`
      : 'Incorrect or failed run — figures of failed scenarios do not count:',
  );
  if (problems.length > 0) lines.push('', ...problems.slice(0, 30));
  if (problems.length > 30) lines.push(`- … and ${problems.length - 30} more (see the JSON file)`);
  lines.push('', `_${NOTE}_`);
  return lines.join('\n');
}

type Breakdown = { stages?: Record<string, { p50: number; p99: number }>; error?: string };

/** Per-stage latency of Herald's deliveries, from the latency scenario (a diagnostic, not judged). */
function breakdownSection(run: BenchRun): string[] {
  const latency = run.scenarios.find((s) => s.id === 'latency');
  if (!latency) return [];
  const rates = Object.entries(latency.details) as [
    string,
    { herald?: { breakdown?: Breakdown } },
  ][];
  const columns = rates.filter(([, phase]) => phase.herald?.breakdown?.stages);
  if (columns.length === 0) return [];
  const stages = Object.keys(columns[0]![1].herald!.breakdown!.stages!);
  const lines = [
    '',
    "Where Herald's publish → receipt time goes, by stage (p50 / p99 ms, from Herald's own timestamps):",
    '',
    `| stage | ${columns.map(([rate]) => rate).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
  ];
  for (const stage of stages) {
    const cells = columns.map(([, phase]) => {
      const figures = phase.herald!.breakdown!.stages![stage];
      return figures ? `${figures.p50} / ${figures.p99}` : '—';
    });
    lines.push(`| ${stage} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/**
 * The judged CPU per delivery, hop by hop (`details.cpuByHop` of the
 * throughput scenario): which process of each system the time goes to, and
 * Herald's against the durable relay's at each hop — a diagnostic, not judged.
 */
function hopSection(run: BenchRun): string[] {
  const throughput = run.scenarios.find((s) => s.id === 'throughput');
  const rows = throughput?.details.cpuByHop as HopCost[] | undefined;
  if (!rows || rows.length === 0) return [];
  const ms = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  const against = (herald: number | null, relay: number | null) =>
    herald !== null && relay !== null && relay > 0 ? `${(herald / relay).toFixed(2)}×` : '';
  const lines = [
    '',
    "CPU per delivery by hop in the counted throughput rounds (ms; each system's rows add up to its CPU per delivery above):",
    '',
    '| hop | baseline | durable relay | herald | herald ÷ relay |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.hop} | ${ms(row.baseline)} | ${ms(row.relay)} | ${ms(row.herald)} | ${against(row.herald, row.relay)} |`,
    );
  }
  const [baseline, relay, herald] = [
    hopTotal(rows, 'baseline'),
    hopTotal(rows, 'relay'),
    hopTotal(rows, 'herald'),
  ];
  lines.push(
    `| **total** | ${ms(baseline)} | ${ms(relay)} | ${ms(herald)} | ${against(herald, relay)} |`,
  );
  return [
    ...lines,
    ...receiverUnitsLines(throughput?.details.cpuInReceiverUnits),
    ...ioCallLines(throughput?.details.ioCallsByHop as HopCost[] | undefined),
    ...walLines(throughput?.details.walPerDelivery),
  ];
}

/**
 * The system calls per delivery by hop (`details.ioCallsByHop`, runs since
 * 6 December): how often each hop enters the kernel to move bytes.
 */
function ioCallLines(rows: HopCost[] | undefined): string[] {
  if (!rows?.some((row) => row.herald !== null)) return [];
  const calls = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  return [
    '',
    'Read- and write-family system calls per delivery by hop in the same rounds (/proc/<pid>/io):',
    '',
    '| hop | baseline | durable relay | herald |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.hop} | ${calls(row.baseline)} | ${calls(row.relay)} | ${calls(row.herald)} |`,
    ),
  ];
}

/**
 * Postgres's WAL per delivery (`details.walPerDelivery`), for the systems
 * with a Postgres hop: the baseline writes no rows, so what the log took
 * in its rounds was other writers'.
 */
function walLines(value: unknown): string[] {
  const wal = value as Partial<Record<System, WalCounters>> | undefined;
  if (!wal?.herald) return [];
  const writes = (system: System) => HOPS.some((hop) => hop[system].some((p) => p === 'postgres'));
  const shown = SYSTEMS.filter((system) => wal[system] && writes(system)).map((system) => {
    const w = wal[system]!;
    return `${system} ${w.records.toFixed(2)} records, ${w.bytes} bytes, ${w.fullPageImages.toFixed(2)} full-page images`;
  });
  return [
    '',
    `Postgres's write-ahead log per delivery in the same rounds (pg_stat_wal, the whole server): ${shown.join('; ')}.`,
  ];
}

/** Rows of the nats-server tables: Herald's heaviest functions, with what they call and in themselves. */
const NATS_ROWS = { total: 15, self: 10 };

/**
 * nats-server's CPU per delivery by function (`details.natsProfile` of the
 * throughput scenario, with `--nats-prof`): for Herald's heaviest functions,
 * what each costs per delivery in each system's rounds, with what it calls
 * and in itself — where the server's hop differs between the systems. A
 * diagnostic.
 */
export function natsProfileSection(run: BenchRun): string[] {
  const throughput = run.scenarios.find((s) => s.id === 'throughput');
  const summaries = throughput?.details.natsProfile as
    Partial<Record<System, NatsProfileSummary>> | undefined;
  const herald = summaries?.herald;
  if (!summaries || !herald) return [];
  const shown = SYSTEMS.filter((system) => summaries[system]);
  const us = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
  const table = (title: string, key: 'totalUs' | 'selfUs', rows: number) => {
    const names = [...herald.functions]
      .sort((a, b) => b[key] - a[key])
      .slice(0, rows)
      .map((f) => f.name);
    const cost = (system: System, name: string) =>
      summaries[system]!.functions.find((f) => f.name === name)?.[key];
    return [
      '',
      title,
      '',
      `| function | ${shown.join(' | ')} |`,
      `| --- | ${shown.map(() => '---:').join(' | ')} |`,
      ...(key === 'totalUs'
        ? [
            `| all it sampled | ${shown.map((system) => us(summaries[system]!.sampledUs)).join(' | ')} |`,
          ]
        : []),
      ...names.map(
        (name) => `| \`${name}\` | ${shown.map((system) => us(cost(system, name))).join(' | ')} |`,
      ),
    ];
  };
  return [
    ...table(
      "nats-server's CPU per delivery by function in the counted throughput rounds (µs, with what each calls; its profiles, `--nats-prof`):",
      'totalUs',
      NATS_ROWS.total,
    ),
    ...table(
      "nats-server's CPU per delivery in the functions themselves (µs):",
      'selfUs',
      NATS_ROWS.self,
    ),
  ];
}

/**
 * Each system's CPU per delivery in units of the receiver's in the same
 * rounds (`details.cpuInReceiverUnits`): the figure to compare two builds by.
 */
function receiverUnitsLines(value: unknown): string[] {
  const units = value as Partial<Record<System, ReceiverUnits>> | undefined;
  const herald = units?.herald;
  if (!herald) return [];
  const ratio = (other: ReceiverUnits | undefined) =>
    other && other.units > 0 ? `${(herald.units / other.units).toFixed(2)}×` : '—';
  const shown = SYSTEMS.filter((system) => units[system]).map(
    (system) =>
      `${system} ${units[system]!.units.toFixed(2)} (${units[system]!.receiverMs.toFixed(3)} ms)`,
  );
  return [
    '',
    `CPU per delivery in units of the receiver's, which does the same work per delivery for every system (its own ms per delivery in brackets): ${shown.join(', ')}. Herald ÷ baseline ${ratio(units.baseline)}, Herald ÷ relay ${ratio(units.relay)}. What the machine's contention does to every process's CPU per delivery mostly cancels out: compare builds by these.`,
  ];
}

type Phase = {
  cpuSeconds?: Record<string, number>;
  eventLoopLag?: Record<string, { p99Ms: number; maxMs: number } | null> | null;
};

/**
 * Where the CPU went while each system was saturated (both run on the same
 * machine with the same NATS, receiver and bench), and how far each Herald
 * service's event loop fell behind — a diagnostic, not judged.
 */
function throughputCostSection(run: BenchRun): string[] {
  const throughput = run.scenarios.find((s) => s.id === 'throughput');
  const baseline = throughput?.details.baseline as Phase | undefined;
  const herald = throughput?.details.herald as Phase | undefined;
  if (!baseline?.cpuSeconds || !herald?.cpuSeconds) return [];
  const names = Object.keys(herald.cpuSeconds);
  const lines = [
    '',
    'CPU seconds per process while saturated (throughput phase incl. warm-up; nats-server and postgres include other users of the machine), and Herald event-loop delay p99 / max:',
    '',
    '| process | baseline phase | herald phase | herald event-loop delay |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const name of names) {
    const lag = herald.eventLoopLag?.[name];
    lines.push(
      `| ${name} | ${baseline.cpuSeconds[name] ?? '—'} | ${herald.cpuSeconds[name] ?? '—'} | ${
        lag ? `${lag.p99Ms} / ${lag.maxMs} ms` : ''
      } |`,
    );
  }
  return lines;
}
