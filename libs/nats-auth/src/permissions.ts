import { Namespace, TOPIC_ROOTS, type TopicName } from '@herald/contracts';

/**
 * What each Herald service may do on NATS, derived from the subjects in
 * `libs/contracts`: the least privilege that lets it run. A service
 *
 * - ensures the streams of the topics it uses (`ensures`),
 * - consumes the streams of `consumes` with durable consumers (ack, fetch),
 * - publishes on the subjects of `publishes`,
 * - reads (watches) or writes the KV buckets it needs,
 * - receives replies only below its own inbox prefix (`Namespace.inboxPrefix`).
 *
 * Only the registry writes the read-model bucket; only ingest consumes
 * `<ns>.ingest.>`. Tenants' producers get `producerPermissions`: publish to
 * their tenant's ingest subjects, subscribe to their own inbox, nothing else.
 */
export const HERALD_SERVICES = [
  'registry',
  'ingest',
  'dispatcher',
  'health-monitor',
  'alerting',
] as const;
export type HeraldService = (typeof HERALD_SERVICES)[number];

type Bucket = 'registry' | 'endpointState' | 'healthPartitions';

interface ServiceAccess {
  ensures: TopicName[];
  consumes: TopicName[];
  publishes: TopicName[];
  /** Core-NATS subjects (relative to the namespace) it publishes or subscribes to. */
  corePublishes: string[];
  coreSubscribes: string[];
  writesBuckets: Bucket[];
  readsBuckets: Bucket[];
  /** Reads stream and consumer state of every topic (metrics). */
  monitorsStreams?: boolean;
}

export const SERVICE_ACCESS: Record<HeraldService, ServiceAccess> = {
  registry: {
    ensures: ['endpoint-control.v1', 'ingest'],
    consumes: ['endpoint-control.v1'],
    // Endpoint tests publish the test event as a producer would.
    publishes: ['ingest'],
    corePublishes: [],
    // Endpoint tests wait for their attempt.
    coreSubscribes: ['attempt.v1.>'],
    writesBuckets: ['registry'],
    readsBuckets: ['endpointState'],
  },
  ingest: {
    ensures: ['ingest', 'deliver.v1'],
    consumes: ['ingest'],
    publishes: ['ingest', 'deliver.v1'],
    corePublishes: [],
    coreSubscribes: [],
    writesBuckets: [],
    readsBuckets: ['registry'],
  },
  dispatcher: {
    ensures: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
    consumes: ['deliver.v1'],
    publishes: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
    corePublishes: ['breaker.v1.>'],
    coreSubscribes: [],
    writesBuckets: [],
    readsBuckets: ['registry', 'endpointState'],
  },
  'health-monitor': {
    ensures: ['attempt.v1', 'alert.v1', 'endpoint-control.v1', 'deferral.v1'],
    consumes: ['attempt.v1', 'deferral.v1'],
    publishes: ['alert.v1', 'endpoint-control.v1'],
    // Health-settings changes, to the replica holding the endpoint's partition.
    corePublishes: ['health-settings.v1.>'],
    // Breaker states; health-settings changes; attempts as published, for the
    // live stream (GET /v1/attempts/stream).
    coreSubscribes: ['breaker.v1.>', 'health-settings.v1.>', 'attempt.v1.>'],
    // healthPartitions: the replicas' partition leases.
    writesBuckets: ['endpointState', 'healthPartitions'],
    readsBuckets: ['registry'],
    monitorsStreams: true,
  },
  alerting: {
    ensures: ['alert.v1'],
    consumes: ['alert.v1'],
    publishes: [],
    corePublishes: [],
    coreSubscribes: [],
    writesBuckets: [],
    readsBuckets: ['registry'],
  },
};

export interface SubjectPermissions {
  pub: { allow: string[] };
  sub: { allow: string[] };
}

const API = '$JS.API';

function bucketName(ns: Namespace, bucket: Bucket): string {
  if (bucket === 'registry') return ns.registryBucket;
  if (bucket === 'healthPartitions') return ns.healthPartitionsBucket;
  return ns.endpointStateBucket;
}

/** Pull-consumer access to one stream: create/look up its consumers, fetch, ack. */
function consumerAccess(stream: string): string[] {
  return [
    `${API}.CONSUMER.*.${stream}`,
    `${API}.CONSUMER.*.${stream}.>`,
    `${API}.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** Creating (if missing) and looking up a stream; `update` also lets it change the config. */
function streamAccess(stream: string, update: boolean): string[] {
  return [
    `${API}.STREAM.INFO.${stream}`,
    `${API}.STREAM.CREATE.${stream}`,
    ...(update ? [`${API}.STREAM.UPDATE.${stream}`] : []),
  ];
}

/** Watching and reading a KV bucket: an ordered consumer on its stream, direct gets. */
function bucketReadAccess(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    ...streamAccess(stream, false),
    ...consumerAccess(stream),
    `${API}.STREAM.MSG.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}.>`,
  ];
}

/** The NATS permissions of one service's user in one namespace. */
export function servicePermissions(namespace: string, service: HeraldService): SubjectPermissions {
  const ns = new Namespace(namespace);
  const access = SERVICE_ACCESS[service];
  const pub = new Set<string>([`${API}.INFO`]);
  for (const topic of access.ensures)
    for (const s of streamAccess(ns.stream(topic), true)) pub.add(s);
  for (const topic of access.consumes) for (const s of consumerAccess(ns.stream(topic))) pub.add(s);
  for (const topic of access.publishes) pub.add(ns.wildcard(topic));
  for (const subject of access.corePublishes) pub.add(`${ns.name}.${subject}`);
  for (const bucket of [...access.readsBuckets, ...access.writesBuckets]) {
    for (const s of bucketReadAccess(bucketName(ns, bucket))) pub.add(s);
  }
  for (const bucket of access.writesBuckets) {
    const name = bucketName(ns, bucket);
    pub.add(`${API}.STREAM.UPDATE.KV_${name}`);
    pub.add(`$KV.${name}.>`);
  }
  if (access.monitorsStreams) {
    for (const topic of Object.keys(TOPIC_ROOTS) as TopicName[]) {
      pub.add(`${API}.STREAM.INFO.${ns.stream(topic)}`);
      pub.add(`${API}.CONSUMER.LIST.${ns.stream(topic)}`);
    }
  }
  const sub = new Set<string>([`${ns.inboxPrefix(service)}.>`]);
  for (const subject of access.coreSubscribes) sub.add(`${ns.name}.${subject}`);
  return { pub: { allow: [...pub].sort() }, sub: { allow: [...sub].sort() } };
}

/** Inbox prefix a producer must connect with (`inboxPrefix`) for its PubAcks to reach it. */
export function producerInboxPrefix(userPublicKey: string): string {
  return `_INBOX_${userPublicKey}`;
}

/** A tenant's producer: publish to the tenant's ingest subjects, receive its own replies. */
export function producerPermissions(
  namespace: string,
  tenantId: string,
  userPublicKey: string,
): SubjectPermissions {
  const ns = new Namespace(namespace);
  return {
    pub: { allow: [`${ns.subject('ingest', tenantId)}.>`] },
    sub: { allow: [`${producerInboxPrefix(userPublicKey)}.>`] },
  };
}
