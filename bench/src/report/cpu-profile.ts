import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads V8 `.cpuprofile` files (`--cpu-prof`) and says where each process's
 * CPU time went: self time grouped by area (a package, Herald's own code per
 * app or lib, node internals, GC, idle) and the hottest functions. Open the
 * files themselves in Chrome DevTools or speedscope for flame graphs.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  process: string;
  file: string;
  wallMs: number;
  /** CPU time that was not idle. */
  busyMs: number;
  areas: { area: string; ms: number; share: number }[];
  functions: { fn: string; area: string; ms: number; share: number }[];
}

export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(program)') return '(program)';
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const herald = /\/(apps|libs|bench)\/([^/]+)\//.exec(url);
  if (herald) return `herald ${herald[1]}/${herald[2]}`;
  return 'other';
}

/**
 * V8 stamps samples in microseconds of the monotonic clock the bench also
 * reads, so `window` (monotonic ms) keeps only the samples taken while the
 * scenarios ran — start-up (module loading) and shutdown are left out.
 */
export function summarise(
  processName: string,
  file: string,
  profile: CpuProfile,
  window?: { fromMs: number; toMs: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let firstUs = Infinity;
  let lastUs = -Infinity;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at / 1000 < window.fromMs || at / 1000 > window.toMs)) continue;
    firstUs = Math.min(firstUs, at);
    lastUs = Math.max(lastUs, at);
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area === '(idle)') continue;
    busyUs += us;
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    const entry = functions.get(key) ?? { area, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => Math.round((us / Math.max(1, busyUs)) * 1000) / 10;
  return {
    process: processName,
    file,
    wallMs: lastUs > firstUs ? Math.round((lastUs - firstUs) / 1000) : 0,
    busyMs: Math.round(busyUs / 1000),
    areas: [...areas]
      .filter(([area]) => area !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([area, us]) => ({ area, ms: Math.round(us / 1000), share: share(us) })),
    functions: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 15)
      .map(([fn, { area, us }]) => ({ fn, area, ms: Math.round(us / 1000), share: share(us) })),
  };
}

function shortUrl(url: string): string {
  const inPackage = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(.*)$/.exec(url);
  if (inPackage) return inPackage[1]!;
  const inRepo = /\/((?:apps|libs|bench)\/.*)$/.exec(url);
  return inRepo ? inRepo[1]! : url.replace(/^file:\/\//, '');
}

/** Summaries of every `<process>.cpuprofile` in `dir`, limited to `window` if given. */
export function summariseDirectory(
  dir: string,
  window?: { fromMs: number; toMs: number },
): ProfileSummary[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => {
      const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
      return summarise(file.replace(/\.cpuprofile$/, ''), path.join(dir, file), profile, window);
    });
}

export function profilesMarkdown(summaries: ProfileSummary[]): string {
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(
      `### ${s.process} — ${(s.busyMs / 1000).toFixed(1)} s on CPU in ${(s.wallMs / 1000).toFixed(1)} s of scenarios`,
      '',
    );
    lines.push('| area | self ms | share |', '| --- | ---: | ---: |');
    for (const a of s.areas) lines.push(`| ${a.area} | ${a.ms} | ${a.share} % |`);
    lines.push(
      '',
      '| hottest functions (self) | area | ms | share |',
      '| --- | --- | ---: | ---: |',
    );
    for (const f of s.functions) lines.push(`| \`${f.fn}\` | ${f.area} | ${f.ms} | ${f.share} % |`);
    lines.push('');
  }
  return lines.join('\n');
}
