/**
 * How one tenant's share of a replica (its requests in flight, or its tasks
 * waiting) is divided between its endpoints. The share is a hard cap: the
 * tenant never holds more, so other tenants always find room. Within it, a
 * few slow or hanging endpoints must not take the whole share from the
 * tenant's healthy ones, since a hanging request gives its slot back only
 * when it times out. So, while the tenant is under its share:
 *
 * - every endpoint may always take its first units: a twentieth of the
 *   share, at least one (`guaranteedUnits`);
 * - an endpoint whose tenant holds nothing else here may take the whole share;
 * - otherwise, beyond its guaranteed units, an endpoint takes another only
 *   while the tenant's OTHER endpoints hold at most half the share and it
 *   holds at most a quarter of it (rounded up) itself.
 *
 * So a tenant with a single busy endpoint still gets its whole share, while
 * a group of hanging endpoints holds at most about three quarters of it
 * (half, plus one of them at its quarter, plus the guaranteed units of the
 * rest): the remainder stays for the endpoints that hold little. Many more
 * hanging endpoints than twenty can still fill the share with their
 * guaranteed units; their requests give the slots back when they time out.
 */
export interface ShareUse {
  /** Units the tenant holds now (in flight, or waiting). */
  tenant: number;
  /** Units of those the endpoint holds. */
  endpoint: number;
}

/** Units of its tenant's share every endpoint may take while the tenant is under it. */
export const guaranteedUnits = (share: number): number => Math.max(1, Math.floor(share / 20));

/** Whether the endpoint may take one more unit of its tenant's share. */
export function mayTakeShare(use: ShareUse, share: number): boolean {
  if (use.tenant >= share) return false;
  if (use.endpoint < guaranteedUnits(share)) return true;
  const others = use.tenant - use.endpoint;
  if (others === 0) return true;
  return others <= Math.floor(share / 2) && use.endpoint <= Math.ceil(share / 4);
}
