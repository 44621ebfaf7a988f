/**
 * Stream and bucket replicas, as a pure rule: a start applies the configured
 * count when it is higher than what the server has and never lowers it, so an
 * operator who scaled a stream to R3 by hand (or a replica started with the
 * default of 1) cannot undo it. Lowering is an operator's deliberate act
 * (`nats stream edit --replicas`).
 */
export function replicasToApply(existing: number | undefined, configured: number): number {
  return Math.max(existing ?? 1, configured);
}
