import type { WarningLog } from '../warning-log.js';

/**
 * A failed login (a wrong password, a refused certificate, a request before logging in), through the
 * broker's rate-limited warning log: a password guesser or a misconfigured client in a retry loop is
 * one line per address per window, with a count by cause.
 */
export function authenticationFailed(warnings: WarningLog, address: string, cause: string, reason: string): void {
  warnings.warn('authentication', address, cause, reason, {}, `authentication failed from ${address} (${cause})`);
}
