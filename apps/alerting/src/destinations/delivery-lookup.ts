/** Where one alert's delivery to one destination stands. */
export interface DeliveryState {
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
}

/**
 * The port through which the test-alert route reads how its alert's delivery
 * went. The alerts module provides it (the alert store keeps the deliveries),
 * so destinations never import the alerts folder.
 */
export abstract class DeliveryLookup {
  abstract delivery(alertId: string, destinationId: string): Promise<DeliveryState | null>;
}
