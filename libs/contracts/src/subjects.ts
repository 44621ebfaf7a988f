/**
 * Subject, stream and bucket names. Everything Herald puts on NATS lives under
 * one namespace (default `herald`) so that several isolated Herald instances —
 * or parallel test runs — can share one NATS server without overlapping subjects.
 *
 * Subjects are versioned: never rename one, add a `v2` beside it.
 */

/** Subject roots of the durable topics, relative to the namespace. */
export const TOPIC_ROOTS = {
  /** producer services → ingest. Public, so unversioned: `<ns>.ingest.<tenantId>.<eventType>`. */
  ingest: 'ingest',
  /** ingest → dispatcher: one delivery task per (message, endpoint). */
  'deliver.v1': 'deliver.v1',
  /** dispatcher → health-monitor: the outcome of every attempt. */
  'attempt.v1': 'attempt.v1',
  /** health-monitor → alerting: operator alert signals. */
  'alert.v1': 'alert.v1',
  /** dispatcher, health-monitor → registry: state changes the registry must record (disable). */
  'endpoint-control.v1': 'endpoint-control.v1',
  /** dispatcher → health-monitor: per-endpoint counts of rejected (not attempted) tasks. */
  'deferral.v1': 'deferral.v1',
} as const;

export type TopicName = keyof typeof TOPIC_ROOTS;

/** JetStream stream that captures each topic (suffix after the upper-cased namespace). */
export const TOPIC_STREAMS: Record<TopicName, string> = {
  ingest: 'INGEST',
  'deliver.v1': 'DELIVER',
  'attempt.v1': 'ATTEMPTS',
  'alert.v1': 'ALERTS',
  'endpoint-control.v1': 'ENDPOINT_CONTROL',
  'deferral.v1': 'DEFERRALS',
};

import { isPartitionedTopic, partitionOf, type PartitionedTopic } from './partitions.js';

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Names derived from one namespace; construct once per process. */
export class Namespace {
  constructor(readonly name: string) {
    if (!TOKEN.test(name)) {
      throw new Error(`namespace "${name}" must match ${TOKEN.source}`);
    }
  }

  /**
   * Full subject for a topic and its routing key (tenant/type, endpoint id,
   * alert kind). The partitioned topics' key is the endpoint id, preceded by
   * its partition: `<ns>.attempt.v1.<partition>.<endpointId>`.
   */
  subject(topic: TopicName, key: string): string {
    const routed = isPartitionedTopic(topic) ? `${partitionOf(key)}.${key}` : key;
    return `${this.name}.${TOPIC_ROOTS[topic]}.${routed}`;
  }

  /** A subject of one partition of a partitioned topic: `<ns>.<topic>.<partition>.<token>`. */
  partitionSubject(topic: PartitionedTopic, partition: number, token: string): string {
    return `${this.name}.${TOPIC_ROOTS[topic]}.${partition}.${token}`;
  }

  /** Wildcard that captures one partition of a partitioned topic. */
  partitionWildcard(topic: PartitionedTopic, partition: number): string {
    return `${this.name}.${TOPIC_ROOTS[topic]}.${partition}.>`;
  }

  /** Durable consumer of one partition of a partitioned topic. */
  partitionConsumer(topic: PartitionedTopic, service: string, partition: number): string {
    return `${this.consumer(topic, service)}-p${partition}`;
  }

  /** KV bucket of the health-monitor replicas' partition leases. */
  get healthPartitionsBucket(): string {
    return `${this.name.replace(/-/g, '_')}_health_partitions`;
  }

  /** Wildcard that captures every subject of a topic. */
  wildcard(topic: TopicName): string {
    return `${this.name}.${TOPIC_ROOTS[topic]}.>`;
  }

  stream(topic: TopicName): string {
    return `${this.name.toUpperCase().replace(/-/g, '_')}_${TOPIC_STREAMS[topic]}`;
  }

  /** Durable consumer name for a service consuming a topic. */
  consumer(topic: TopicName, service: string): string {
    return `${service}-${TOPIC_STREAMS[topic].toLowerCase()}`;
  }

  /** JetStream KV bucket holding the registry's read model. */
  get registryBucket(): string {
    return `${this.name.replace(/-/g, '_')}_registry`;
  }

  /** KV bucket of endpoint delivery state (pauses) decided by the health-monitor. */
  get endpointStateBucket(): string {
    return `${this.name.replace(/-/g, '_')}_endpoint_state`;
  }

  /**
   * Core-NATS subject (not JetStream: the state is transient) on which the
   * dispatcher announces breaker state changes: `<ns>.breaker.v1.<endpointId>`.
   */
  breakerSubject(endpointId: string): string {
    return `${this.name}.breaker.v1.${endpointId}`;
  }

  /**
   * Core-NATS subject on which a health-monitor replica that changed an
   * endpoint's health settings tells the replica holding the endpoint's
   * partition: `<ns>.health-settings.v1.<endpointId>`.
   */
  healthSettingsSubject(endpointId: string): string {
    return `${this.name}.health-settings.v1.${endpointId}`;
  }

  /**
   * Inbox prefix of a service's connection (`_INBOX_<ns>_<service>`): every
   * reply it awaits arrives below it, so its NATS user may subscribe there
   * and nowhere else private to other users.
   */
  inboxPrefix(service: string): string {
    return `_INBOX_${this.name}_${service.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  /** `<ns>.ingest.<tenantId>.<eventType>` — event types may themselves contain dots. */
  ingestSubject(tenantId: string, eventType: string): string {
    return this.subject('ingest', `${tenantId}.${eventType}`);
  }

  /** Splits an ingest subject into tenant id and event type, or null if it is not one. */
  parseIngestSubject(subject: string): { tenantId: string; eventType: string } | null {
    const prefix = `${this.name}.${TOPIC_ROOTS.ingest}.`;
    if (!subject.startsWith(prefix)) return null;
    const rest = subject.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot <= 0 || dot === rest.length - 1) return null;
    return { tenantId: rest.slice(0, dot), eventType: rest.slice(dot + 1) };
  }
}
