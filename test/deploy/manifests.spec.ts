import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { SERVICE_NAMES } from '@herald/testing';

/**
 * deploy/k8s rendered the way an operator applies it (`kubectl kustomize`),
 * every object validated against its Kubernetes, prometheus-operator or KEDA
 * schema, then Herald's own rules: probes, limits, non-root read-only pods,
 * a PDB per Deployment, anti-affinity and R3 in production, webhook egress
 * that cannot reach private or metadata ranges, the PrometheusRule current
 * and accepted by promtool.
 */
const root = path.resolve(import.meta.dirname, '../..');
const OVERLAYS = ['dev', 'production'] as const;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** Model class per apiVersion/kind; an object of any other kind fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

function render(overlay: string): K8sObject[] {
  const text = execFileSync(
    'kubectl',
    ['kustomize', path.join(root, 'deploy/k8s/overlays', overlay)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return parseAllDocuments(text).map((doc) => doc.toJS() as K8sObject);
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

type PodSpec = {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  affinity?: { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] } };
  containers: {
    name: string;
    env?: { name: string; value?: string }[];
    livenessProbe?: { httpGet?: { path: string } };
    readinessProbe?: { httpGet?: { path: string } };
    startupProbe?: { httpGet?: { path: string } };
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    securityContext?: {
      readOnlyRootFilesystem?: boolean;
      allowPrivilegeEscalation?: boolean;
      runAsNonRoot?: boolean;
    };
    volumeMounts?: { mountPath: string }[];
  }[];
};
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const selectorOf = (o: K8sObject) =>
  (o.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;

describe.each(OVERLAYS)('deploy/k8s overlay %s', (overlay) => {
  const objects = render(overlay);
  const deployments = ofKind(objects, 'Deployment');

  it('renders only objects whose kind has a schema, and each validates against it', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect({
        object: `${object.kind}/${object.metadata.name}`,
        known: Model !== undefined,
      }).toEqual({
        object: `${object.kind}/${object.metadata.name}`,
        known: true,
      });
      expect(() => new Model!(object as never).validate()).not.toThrow();
    }
  });

  it('has a Deployment, a Service and a PDB for each of the five services and the gateway', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      [...SERVICE_NAMES, 'gateway'].map((name) => `herald-${name}`).sort(),
    );
    const services = ofKind(objects, 'Service').map((s) => s.metadata.name);
    for (const deployment of deployments) {
      expect(services).toContain(deployment.metadata.name);
      const selector = selectorOf(deployment);
      const pdbs = ofKind(objects, 'PodDisruptionBudget').filter(
        (pdb) => JSON.stringify(selectorOf(pdb)) === JSON.stringify(selector),
      );
      expect({ deployment: deployment.metadata.name, pdbs: pdbs.length }).toEqual({
        deployment: deployment.metadata.name,
        pdbs: 1,
      });
    }
  });

  it('gives every container the three probes, requests and limits, and a non-root read-only root', () => {
    for (const deployment of deployments) {
      const spec = podSpec(deployment);
      expect(spec.securityContext?.runAsNonRoot).toBe(true);
      expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const container of spec.containers) {
        const where = `${deployment.metadata.name}/${container.name}`;
        expect({ where, liveness: container.livenessProbe?.httpGet?.path }).toEqual({
          where,
          liveness: '/healthz',
        });
        expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
        expect(container.startupProbe?.httpGet?.path).toBe('/healthz');
        for (const resource of ['cpu', 'memory']) {
          expect(container.resources?.requests?.[resource]).toBeDefined();
          expect(container.resources?.limits?.[resource]).toBeDefined();
        }
        expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.volumeMounts?.map((m) => m.mountPath)).toContain('/tmp');
      }
    }
  });

  it('gives the dispatcher a termination grace longer than its longest request', () => {
    const dispatcher = deployments.find((d) => d.metadata.name === 'herald-dispatcher')!;
    // An endpoint may set a request timeout up to 60 s (the registry's limit).
    expect(podSpec(dispatcher).terminationGracePeriodSeconds).toBeGreaterThan(60);
  });

  it('commits no Secret: the services read one the operator creates', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const deployment of deployments) {
      const env = podSpec(deployment).containers.flatMap((c) => c.env ?? []);
      for (const variable of env) {
        expect(variable.name).not.toMatch(/TOKEN|SECRET|PASSWORD|DATABASE_URL/);
      }
    }
  });

  it('lets only the dispatcher and alerting reach the internet, never private or metadata ranges', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const open = policies.filter((policy) =>
      JSON.stringify(policy.spec).includes('"cidr":"0.0.0.0/0"'),
    );
    expect(open.map((p) => p.metadata.name)).toEqual(['herald-webhooks-out']);
    const spec = open[0]!.spec as {
      podSelector: { matchExpressions: { values: string[] }[] };
      egress: { to: { ipBlock: { cidr: string; except: string[] } }[] }[];
    };
    expect(spec.podSelector.matchExpressions[0]!.values.sort()).toEqual(['alerting', 'dispatcher']);
    const blocks = spec.egress.flatMap((rule) => rule.to.map((peer) => peer.ipBlock));
    const v4 = blocks.find((b) => b.cidr === '0.0.0.0/0')!;
    const v6 = blocks.find((b) => b.cidr === '::/0')!;
    for (const range of [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.0.0/16',
      '100.64.0.0/10',
      '127.0.0.0/8',
    ]) {
      expect(v4.except).toContain(range);
    }
    for (const range of ['fc00::/7', 'fe80::/10', '::1/128', '::ffff:0:0/96']) {
      expect(v6.except).toContain(range);
    }
    // Default deny for every Herald pod, so nothing else reaches out.
    const deny = policies.find((p) => p.metadata.name === 'herald-default-deny')!;
    expect(deny.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'herald' } },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('scrapes every service with a ServiceMonitor that selects their Services', () => {
    const [monitor] = ofKind(objects, 'ServiceMonitor');
    const selector = (monitor!.spec as { selector: { matchLabels: Record<string, string> } })
      .selector.matchLabels;
    const herald = ofKind(objects, 'Service').filter((s) =>
      Object.entries(selector).every(([key, value]) => s.metadata.labels?.[key] === value),
    );
    expect(herald.map((s) => s.metadata.name).sort()).toEqual(
      [...SERVICE_NAMES, 'gateway'].map((name) => `herald-${name}`).sort(),
    );
  });
});

describe('deploy/k8s production overlay', () => {
  const objects = render('production');

  it('spreads the replicas of every service over nodes', () => {
    for (const deployment of ofKind(objects, 'Deployment')) {
      const required =
        podSpec(deployment).affinity?.podAntiAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution;
      expect({ deployment: deployment.metadata.name, required: JSON.stringify(required) }).toEqual({
        deployment: deployment.metadata.name,
        required: expect.stringContaining(`"app.kubernetes.io/name":"${deployment.metadata.name}"`),
      });
    }
  });

  it('runs several health-monitors, rolled one at a time', () => {
    const deployment = ofKind(objects, 'Deployment').find(
      (d) => d.metadata.name === 'herald-health-monitor',
    )!;
    const spec = deployment.spec as {
      replicas: number;
      strategy: { type: string; rollingUpdate: { maxUnavailable: number } };
    };
    expect(spec.replicas).toBeGreaterThanOrEqual(2);
    expect(spec.strategy.type).toBe('RollingUpdate');
    expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('runs a 3-node NATS cluster and R3 streams', () => {
    const [nats] = ofKind(objects, 'StatefulSet');
    expect((nats!.spec as { replicas: number }).replicas).toBe(3);
    const config = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'herald-config')!;
    expect(config.data?.HERALD_STREAM_REPLICAS).toBe('3');
    expect(config.data?.NATS_URL?.split(',')).toEqual(
      [0, 1, 2].map((n) => `nats://nats-${n}.nats-headless:4222`),
    );
    const natsConfig = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'nats-config')!;
    expect(natsConfig.data?.['nats.conf']).toMatch(/jetstream \{/);
    expect(natsConfig.data?.['nats.conf']).toMatch(/nats-2\.nats-headless:6222/);
  });

  it('scales the consumers with KEDA on their own JetStream consumer', () => {
    const scaled = ofKind(objects, 'ScaledObject').map((o) => {
      const spec = o.spec as {
        scaleTargetRef: { name: string };
        triggers: { type: string; metadata: Record<string, string> }[];
      };
      return [
        spec.scaleTargetRef.name,
        spec.triggers[0]!.type,
        spec.triggers[0]!.metadata.stream,
        spec.triggers[0]!.metadata.consumer,
      ];
    });
    expect(scaled.sort()).toEqual([
      ['herald-alerting', 'nats-jetstream', 'HERALD_ALERTS', 'alerting-alerts'],
      ['herald-dispatcher', 'nats-jetstream', 'HERALD_DELIVER', 'dispatcher-deliver'],
      ['herald-ingest', 'nats-jetstream', 'HERALD_INGEST', 'ingest-ingest'],
    ]);
  });
});

describe('deploy/k8s PrometheusRule', () => {
  it('is current with deploy/prometheus/herald-rules.yaml', () => {
    expect(() =>
      execFileSync('node', [path.join(root, 'scripts/prometheus-rule.mjs'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('passes promtool check rules', () => {
    const [rule] = ofKind(render('production'), 'PrometheusRule');
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-rule-'));
    try {
      const file = path.join(dir, 'rules.yaml');
      writeFileSync(file, stringify(rule!.spec));
      const output = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(output).toMatch(/SUCCESS: \d+ rules found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
