/**
 * The whole back-end surface: both PGlite and pg are driven through this, so
 * every statement the store runs is the same SQL on both.
 */
export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export type Backend = 'pglite' | 'postgres';

export interface SqlClient extends Sql {
  readonly backend: Backend;
  /** Where the data lives, for logs and messages; never includes a password. */
  readonly target: string;
  /** Runs fn in one transaction: committed if fn resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
