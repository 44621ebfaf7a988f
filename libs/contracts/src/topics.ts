import type { z } from 'zod';
import { alertSignalSchema, type AlertSignal } from './alert-signal.js';
import { attemptMessageSchema, type AttemptMessage } from './attempt-outcome.js';
import { deferralReportSchema, type DeferralReport } from './deferral-report.js';
import { deliveryMessageSchema, type DeliveryMessage } from './delivery-task.js';
import { endpointControlSchema, type EndpointControl } from './endpoint-control.js';

/**
 * Map from every JSON topic to its payload type: publishing the wrong payload
 * on a topic fails to compile. (`ingest` is absent: its body is the producer's
 * raw payload, not a Herald contract.)
 */
export interface TopicPayloads {
  'deliver.v1': DeliveryMessage;
  'attempt.v1': AttemptMessage;
  'alert.v1': AlertSignal;
  'endpoint-control.v1': EndpointControl;
  'deferral.v1': DeferralReport;
}

export type JsonTopic = keyof TopicPayloads;

/** Schemas used to validate every inbound message at the handler edge. */
export const TOPIC_SCHEMAS: { [T in JsonTopic]: z.ZodType<TopicPayloads[T]> } = {
  'deliver.v1': deliveryMessageSchema,
  'attempt.v1': attemptMessageSchema,
  'alert.v1': alertSignalSchema,
  'endpoint-control.v1': endpointControlSchema,
  'deferral.v1': deferralReportSchema,
};
