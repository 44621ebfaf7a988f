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
 * - while the tenant holds less than three quarters of the share, an
 *   endpoint may take up to its equal part of the share among the tenant's
 *   endpoints that hold some, itself included (when the caller counts them:
 *   the queued share does, ADR 0098);
 * - otherwise, beyond its guaranteed units, an endpoint takes another only
 *   while the tenant's OTHER endpoints hold at most half the share and it
 *   holds at most a quarter of it (rounded up) itself.
 *
 * So a tenant with a single busy endpoint still gets its whole share, and
 * ten equally busy endpoints three quarters of it, while a group of hanging
 * endpoints holds at most about three quarters of it (the equal parts up
 * to three quarters, or half plus one of them at its quarter, plus the
 * guaranteed units of the rest): the remainder stays for the endpoints that
 * hold little. Many more hanging endpoints than twenty can still fill the
 * share with their guaranteed units; their requests give the slots back
 * when they time out.
 */
export interface ShareUse {
  /** Units the tenant holds now (in flight, or waiting). */
  tenant: number;
  /** Units of those the endpoint holds. */
  endpoint: number;
}

/** Units of its tenant's share every endpoint may take while the tenant is under it. */
export const guaranteedUnits = (share: number): number => Math.max(1, Math.floor(share / 20));

/**
 * Whether the endpoint may take one more unit of its tenant's share.
 * `holders`: the tenant's endpoints holding some of it, this one included
 * whether or not it holds any; without it, no equal parts are given.
 */
export function mayTakeShare(use: ShareUse, share: number, holders?: number): boolean {
  if (use.tenant >= share) return false;
  if (use.endpoint < guaranteedUnits(share)) return true;
  const others = use.tenant - use.endpoint;
  if (others === 0) return true;
  if (holders !== undefined && use.tenant < Math.floor((share * 3) / 4)) {
    if (use.endpoint < Math.ceil(share / holders)) return true;
  }
  return others <= Math.floor(share / 2) && use.endpoint <= Math.ceil(share / 4);
}
