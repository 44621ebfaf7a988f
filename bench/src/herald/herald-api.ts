/**
 * The parts of Herald's HTTP API the bench uses: the registry (tenants and
 * endpoints, exactly as a customer creates them), ingest's message read-back,
 * the health-monitor's attempt log, and every service's `/metrics`.
 */
export interface Tenant {
  id: string;
  apiKey: string;
}

export interface CreatedEndpoint {
  id: string;
  secret: string;
}

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  timeoutMs?: number;
  retrySchedule?: string[];
}

export class HeraldApi {
  constructor(
    private readonly urls: { registry: string; ingest: string; healthMonitor: string },
    private readonly adminToken: string,
  ) {}

  async createTenant(name: string): Promise<Tenant> {
    return this.call<Tenant>(this.urls.registry, 'POST', '/v1/tenants', this.adminToken, { name });
  }

  createEndpoint(tenant: Tenant, input: EndpointInput): Promise<CreatedEndpoint> {
    return this.call<CreatedEndpoint>(
      this.urls.registry,
      'POST',
      '/v1/endpoints',
      tenant.apiKey,
      input,
    );
  }

  /** Creates endpoints with a few requests in flight; results keep the input order. */
  async createEndpoints(tenant: Tenant, inputs: EndpointInput[]): Promise<CreatedEndpoint[]> {
    const results: CreatedEndpoint[] = new Array<CreatedEndpoint>(inputs.length);
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const index = next++;
        results[index] = await this.createEndpoint(tenant, inputs[index]!);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return results;
  }

  async deleteEndpoint(tenant: Tenant, id: string): Promise<void> {
    await this.call(this.urls.registry, 'DELETE', `/v1/endpoints/${id}`, tenant.apiKey);
  }

  message(
    tenant: Tenant,
    id: string,
  ): Promise<{ id: string; payload: string; endpointIds: string[] }> {
    return this.call(this.urls.ingest, 'GET', `/v1/messages/${id}`, tenant.apiKey);
  }

  attempts(
    tenant: Tenant,
    endpointId: string,
    limit = 50,
  ): Promise<{ data: { messageId: string; outcome: string; attempt: number }[] }> {
    return this.call(
      this.urls.healthMonitor,
      'GET',
      `/v1/endpoints/${endpointId}/attempts?limit=${limit}`,
      tenant.apiKey,
    );
  }

  private async call<T>(
    base: string,
    method: string,
    route: string,
    token: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${route} → ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

/** One Prometheus sample: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (enough of it for counters and gauges). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of a metric's samples whose labels include `match`. */
export function sumOf(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

export async function scrape(serviceUrl: string): Promise<Sample[]> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`${serviceUrl}/metrics → ${response.status}`);
  return parseMetrics(await response.text());
}

/** How much each labelled series of `name` grew between two scrapes (only the ones that moved). */
export function growth(before: Sample[], after: Sample[], name: string): Record<string, number> {
  const key = (s: Sample) =>
    Object.entries(s.labels)
      .filter(([label]) => label !== 'service')
      .map(([label, value]) => `${label}=${value}`)
      .join(',') || '(total)';
  const start = new Map(before.filter((s) => s.name === name).map((s) => [key(s), s.value]));
  const moved: Record<string, number> = {};
  for (const sample of after.filter((s) => s.name === name)) {
    const delta = sample.value - (start.get(key(sample)) ?? 0);
    if (delta !== 0) moved[key(sample)] = delta;
  }
  return moved;
}
