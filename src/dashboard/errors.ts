/** The address given to `streamdash dashboard` cannot be listened on. */
export class DashboardListenError extends Error {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use: stop what listens there or pick another with --port`
        : code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine: pick one with --host`
          : `${(cause as Error | undefined)?.message ?? String(cause)}: check --host and --port`;
    super(`the dashboard cannot listen on ${host}:${port}; ${why}`, { cause });
    this.name = 'DashboardListenError';
  }
}

/** The dashboard's TLS files (`--tls-cert`, `--tls-key`) are missing, unreadable or not PEM. */
export class DashboardTlsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardTlsError';
  }
}
