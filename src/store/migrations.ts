/**
 * The store's schema, one version at a time. A released migration is never
 * edited: a change is a new version appended here. Each runs unchanged on
 * PGlite and on PostgreSQL.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'counters and job progress',
    statements: [
      // "C" collation: row keys sort and prefix-match byte by byte, as in HBase, on every server locale.
      `CREATE TABLE counters (
        tbl text NOT NULL,
        row_key text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (tbl, row_key)
      )`,
      `CREATE TABLE job_offsets (
        job text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        last_batch_from bigint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job, topic, partition)
      )`,
      `CREATE TABLE job_batches (
        job text NOT NULL,
        batch_id text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job, batch_id)
      )`,
    ],
  },
  {
    version: 2,
    name: 'window results',
    statements: [
      `CREATE TABLE window_results (
        job text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        key text NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (job, window_start, key)
      )`,
    ],
  },
  {
    version: 3,
    name: 'popularity snapshots',
    statements: [
      `CREATE TABLE popularity_snapshots (
        job text NOT NULL,
        taken_at timestamptz NOT NULL,
        rank smallint NOT NULL,
        item text NOT NULL,
        score double precision NOT NULL,
        PRIMARY KEY (job, taken_at, rank)
      )`,
    ],
  },
  {
    version: 4,
    name: 'counter cell timestamps',
    // HBase keeps a timestamp on every cell and its shell prints it; `store scan` and `store get` do too.
    statements: ['ALTER TABLE counters ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()'],
  },
];
