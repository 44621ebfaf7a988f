import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

/**
 * nats-server's CPU profile over a loaded phase (`--nats-prof URL`): the
 * server's Go profiler, enabled with `nats-server --profile <port>`, is asked
 * for a CPU profile as long as the phase, and the profiles of a system's
 * rounds are summed, function by function, per delivery. nats-server's CPU
 * is one hop of every system's CPU per delivery; this says where in the
 * server it goes (storing, acking, delivering to consumers, its garbage
 * collector).
 */

/** Asks nats-server's profiling port for a CPU profile of `seconds`; the gzipped pprof, or null when it fails. */
export async function captureNatsProfile(
  base: string,
  seconds: number,
): Promise<Uint8Array | null> {
  const url = new URL('/debug/pprof/profile', base);
  url.searchParams.set('seconds', String(Math.max(1, Math.round(seconds))));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout((seconds + 30) * 1_000) });
    if (!response.ok) return null;
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    return null;
  }
}

/** One function's CPU per delivery (µs): in itself, and with what it calls. */
export interface FunctionCost {
  name: string;
  selfUs: number;
  totalUs: number;
}

export interface NatsProfileSummary {
  profiles: number;
  deliveries: number;
  /** CPU the profiles sampled, per delivery (µs). */
  sampledUs: number;
  /**
   * The functions with the most CPU per delivery with what they call, and
   * those with the most in themselves; heaviest with what they call first.
   */
  functions: FunctionCost[];
}

/** Frames every stack passes through: at the top of any list by total, saying nothing. */
const ROOT_FRAMES = new Set(['runtime.goexit', 'runtime.systemstack', 'runtime.mcall']);
const SERVER_PACKAGE = /^github\.com\/nats-io\/nats-server(?:\/v\d+)?\/server\./;

/**
 * Sums the CPU of the phases' profiles (gzipped pprof, as nats-server writes
 * them) per function, over the phases' deliveries. A sample's CPU counts as
 * its leaf function's own, and once towards every distinct function on its
 * stack (inlined frames included). A profile that cannot be read, or has no
 * CPU samples, is left out with its deliveries.
 */
export function summariseNatsProfiles(
  phases: readonly { profile: Uint8Array; deliveries: number }[],
  top = 40,
): NatsProfileSummary {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledNs = 0;
  let read = 0;
  let deliveries = 0;
  for (const phase of phases) {
    const profile = decode(phase.profile);
    if (!profile) continue;
    const strings = profile.stringTable.strings;
    const cpu = profile.sampleType.findIndex((t) => strings[Number(t.type)] === 'cpu');
    if (cpu < 0) continue;
    read += 1;
    deliveries += phase.deliveries;
    const names = new Map(
      profile.function.map((f) => [Number(f.id), shortName(strings[Number(f.name)] ?? '?')]),
    );
    // A location's frames, innermost first (inlined functions come before their caller).
    const frames = new Map(
      profile.location.map((l) => [
        Number(l.id),
        l.line.map((line) => names.get(Number(line.functionId)) ?? '?'),
      ]),
    );
    for (const sample of profile.sample) {
      const ns = Number(sample.value[cpu] ?? 0);
      if (ns <= 0) continue;
      sampledNs += ns;
      const stack = sample.locationId.flatMap((id) => frames.get(Number(id)) ?? []);
      const leaf = stack[0];
      if (leaf !== undefined) self.set(leaf, (self.get(leaf) ?? 0) + ns);
      for (const name of new Set(stack)) total.set(name, (total.get(name) ?? 0) + ns);
    }
  }
  const perDelivery = (ns: number) => (deliveries > 0 ? ns / 1_000 / deliveries : Number.NaN);
  const heaviest = (costs: Map<string, number>, count: number) =>
    [...costs]
      .filter(([name]) => !ROOT_FRAMES.has(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name]) => name);
  const kept = new Set([...heaviest(total, top), ...heaviest(self, Math.ceil(top / 2))]);
  const functions = [...kept]
    .map((name) => ({
      name,
      selfUs: perDelivery(self.get(name) ?? 0),
      totalUs: perDelivery(total.get(name) ?? 0),
    }))
    .sort((a, b) => b.totalUs - a.totalUs);
  return { profiles: read, deliveries, sampledUs: perDelivery(sampledNs), functions };
}

function decode(bytes: Uint8Array): Profile | null {
  try {
    return Profile.decode(gunzipSync(bytes));
  } catch {
    return null;
  }
}

/** `github.com/nats-io/nats-server/v2/server.(*stream).processJetStreamMsg` → `(*stream).processJetStreamMsg`. */
export function shortName(name: string): string {
  return name.replace(SERVER_PACKAGE, '');
}
