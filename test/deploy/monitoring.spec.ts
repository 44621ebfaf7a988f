import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * deploy/prometheus and deploy/grafana against promtool and the code: the
 * rules load and their unit tests pass, and every metric the rules and the
 * dashboard query is one some Herald service exports.
 */
const root = path.resolve(import.meta.dirname, '../..');
const rules = path.join(root, 'deploy/prometheus/herald-rules.yaml');
const ruleTests = path.join(root, 'deploy/prometheus/herald-rules.test.yaml');
const dashboardFile = path.join(root, 'deploy/grafana/herald-dashboard.json');

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('promtool not found: install Debian’s `prometheus` package (.ci/run does)', {
        cause: error,
      });
    }
    throw new Error(`promtool ${args.join(' ')} failed:\n${failure.stdout}${failure.stderr}`, {
      cause: error,
    });
  }
}

/** Every `herald_…` name written in the services' and libraries' sources (specs excluded). */
function exportedMetricNames(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(file).isDirectory()) visit(file);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
        for (const [, metric] of readFileSync(file, 'utf8').matchAll(/'(herald_[a-z_]+)'/g)) {
          names.add(metric!);
        }
      }
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const pkg of readdirSync(path.join(root, top))) {
      const src = path.join(root, top, pkg, 'src');
      if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) visit(src);
    }
  }
  return names;
}

/** Metric names a PromQL expression reads (histogram suffixes mapped to their family; label names such as `herald_namespace` skipped). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(herald_[a-z_]+)\b(?!\s*[=!])/g)].map(([, name]) =>
    name!.replace(/_(bucket|sum|count)$/, ''),
  );
}

describe('deploy/prometheus/herald-rules.yaml', () => {
  it('passes promtool check rules', () => {
    expect(promtool('check', 'rules', rules)).toContain('SUCCESS');
  });

  it('passes its promtool unit tests', () => {
    expect(promtool('test', 'rules', ruleTests)).toContain('SUCCESS');
  });

  it('queries only metrics Herald exports, and links every alert to its runbook', () => {
    const exported = exportedMetricNames();
    const text = readFileSync(rules, 'utf8');
    const used = [...text.matchAll(/expr: (?:>-\n)?([\s\S]*?)\n\s+(?:for|labels):/g)].flatMap(
      ([, expr]) => metricsIn(expr!),
    );
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    const alerts = [...text.matchAll(/- alert: (\w+)/g)].map(([, name]) => name!);
    const operations = readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
    for (const alert of alerts) {
      expect(text).toContain(`runbook: 'docs/operations.md#${alert.toLowerCase()}'`);
      expect({ alert, documented: operations.includes(`### ${alert}`) }).toEqual({
        alert,
        documented: true,
      });
    }
  });
});

describe('deploy/grafana/herald-dashboard.json', () => {
  interface Panel {
    id: number;
    type: string;
    title: string;
    datasource?: { uid: string };
    gridPos: { x: number; w: number };
    targets?: { expr: string }[];
  }
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; type: string; definition?: string }[] };
  };

  it('is an importable dashboard: a datasource variable, unique ids, panels within the grid', () => {
    expect(dashboard.uid).toBe('herald-overview');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      if (panel.type !== 'row') expect(panel.datasource?.uid).toBe('${datasource}');
    }
  });

  it('selects one install and its instances: every query filters on $namespace and $instance', () => {
    const variables = dashboard.templating.list;
    expect(variables.find((v) => v.name === 'namespace')).toMatchObject({
      type: 'query',
      definition: expect.stringContaining('herald_namespace') as unknown,
    });
    expect(variables.find((v) => v.name === 'instance')).toMatchObject({
      type: 'query',
      definition: expect.stringContaining('instance') as unknown,
    });
    const selectors = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\b(herald_[a-z_]+)(\{[^}]*\})?/g)]),
    );
    expect(selectors.length).toBeGreaterThan(20);
    const unfiltered = selectors
      .filter(
        ([, , labels]) =>
          !labels?.includes('herald_namespace=~"$namespace"') ||
          !labels.includes('instance=~"$instance"'),
      )
      .map(([selector]) => selector);
    expect(unfiltered).toEqual([]);
  });

  it('queries only metrics Herald exports, and shows every metric an SRE acts on', () => {
    const exported = exportedMetricNames();
    const used = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) => metricsIn(t.expr)),
    );
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    for (const essential of [
      'herald_endpoints',
      'herald_endpoint_state',
      'herald_endpoint_breaker_state',
      'herald_delivery_attempts_total',
      'herald_delivery_duration_seconds',
      'herald_jetstream_consumer_pending_messages',
      'herald_jetstream_oldest_pending_age_seconds',
      'herald_ingest_messages_total',
      'herald_ingest_rejected_total',
      'herald_alerts_sent_total',
      'herald_alert_delivery_seconds',
    ]) {
      expect({ essential, shown: used.includes(essential) }).toEqual({ essential, shown: true });
    }
  });
});
