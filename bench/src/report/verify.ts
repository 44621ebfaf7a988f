import type { TagReport } from '../receiver/ledger.js';
import type { PublishLedger } from '../load/lanes.js';

/**
 * Did the receiver get exactly what was published — every message, once, on
 * every path it was meant for, signed correctly? Any shortfall, excess,
 * duplicate or bad signature makes the phase incorrect, whatever its speed.
 */
export interface Verification {
  ok: boolean;
  expected: number;
  delivered: number;
  missing: number;
  unexpected: number;
  duplicates: number;
  invalidSignatures: number;
  problems: string[];
}

export function verifyDeliveries(
  what: string,
  report: TagReport,
  ledger: PublishLedger,
): Verification {
  const expectedPerPath = ledger.expectedPerPath();
  const gotPerPath = new Map<string, number>();
  for (const index of report.pathIndex) {
    const path = report.paths[index]!;
    gotPerPath.set(path, (gotPerPath.get(path) ?? 0) + 1);
  }
  let missing = 0;
  let unexpected = 0;
  for (const [path, expected] of expectedPerPath) {
    missing += Math.max(0, expected - (gotPerPath.get(path) ?? 0));
  }
  for (const [path, got] of gotPerPath) {
    unexpected += Math.max(0, got - (expectedPerPath.get(path) ?? 0));
  }
  const problems: string[] = [];
  if (missing)
    problems.push(`${what}: ${missing} of ${ledger.expectedDeliveries} deliveries missing`);
  if (unexpected) problems.push(`${what}: ${unexpected} deliveries nobody published`);
  if (report.duplicates) problems.push(`${what}: ${report.duplicates} duplicate deliveries`);
  if (report.invalidSignature) {
    problems.push(`${what}: ${report.invalidSignature} requests failed signature verification`);
  }
  if (report.failedRequests || report.hungRequests) {
    problems.push(
      `${what}: ${report.failedRequests + report.hungRequests} requests on paths set to fail or hang`,
    );
  }
  return {
    ok: problems.length === 0,
    expected: ledger.expectedDeliveries,
    delivered: report.unique,
    missing,
    unexpected,
    duplicates: report.duplicates,
    invalidSignatures: report.invalidSignature,
    problems,
  };
}
