// PostgreSQL's own account of one benchmark run: per statement (pg_stat_statements) calls, mean time, rows,
// shared blocks hit and dirtied and WAL bytes, per job; and the server's totals for the run (pg_stat_wal:
// WAL records, bytes and fsyncs; pg_stat_database: commits). Needs a server with
// shared_preload_libraries = pg_stat_statements (see private-postgres.ts); the shared server has not.
import postgres from 'postgres';
import { round } from './stats.js';

export interface StatementLine {
  statement: string;
  callsPerJob: number;
  meanMs: number;
  rowsPerCall: number;
  blksHitPerJob: number;
  blksDirtiedPerJob: number;
  walBytesPerJob: number;
  /** Share of the run's statement time. */
  timeShare: number;
}

export interface ServerTotals {
  commitsPerJob: number;
  walRecordsPerJob: number;
  walBytesPerJob: number;
  walFsyncsPerJob: number;
  /** Sum of every statement's execution time per job (ms): the server's work, against the wall time. */
  statementMsPerJob: number;
}

export interface RunProfile {
  statements: StatementLine[];
  totals: ServerTotals;
}

interface Snapshot {
  commits: number;
  walRecords: number;
  walBytes: number;
  walSync: number;
}

/** A profiler over one database of a server that preloads pg_stat_statements. */
export async function statementProfiler(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create extension if not exists pg_stat_statements`;
  const snapshot = async (): Promise<Snapshot> => {
    const [row] = await sql<{ commits: string; wal_records: string; wal_bytes: string; wal_sync: string }[]>`
      select (select xact_commit from pg_stat_database where datname = current_database()) as commits,
        wal_records, wal_bytes, wal_sync from pg_stat_wal`;
    return {
      commits: Number(row?.commits),
      walRecords: Number(row?.wal_records),
      walBytes: Number(row?.wal_bytes),
      walSync: Number(row?.wal_sync),
    };
  };
  let start: Snapshot | undefined;
  return {
    /** Forget everything counted so far: the next run starts from zero. */
    async reset() {
      await sql`select pg_stat_statements_reset()`;
      // Cumulative statistics are flushed by each backend when it goes idle (at most every second or so);
      // force ours so the snapshot is current.
      await sql`select pg_stat_force_next_flush()`;
      start = await snapshot();
    },
    /** What happened since reset(), per job of a run of `jobs` jobs. */
    async read(jobs: number): Promise<RunProfile> {
      // Backends flush their counters when idle; the run's connections are closed by now, but give the
      // last ones a moment (a bench, not a test).
      await new Promise((r) => setTimeout(r, 1200));
      const end = await snapshot();
      const rows = await sql<
        {
          query: string;
          calls: string;
          total: number;
          mean: number;
          rows: string;
          hit: string;
          dirtied: string;
          wal: string;
        }[]
      >`
        select query, calls, total_exec_time as total, mean_exec_time as mean, rows,
          shared_blks_hit as hit, shared_blks_dirtied as dirtied, wal_bytes as wal
        from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
          and query not ilike '%pg_stat%'
        order by total_exec_time desc`;
      const allMs = rows.reduce((sum, r) => sum + r.total, 0);
      const statements = rows
        .filter((r) => Number(r.calls) >= jobs / 100 || r.total > allMs / 100)
        .map(
          (r): StatementLine => ({
            statement: r.query.replace(/\s+/g, ' ').trim().slice(0, 90),
            callsPerJob: round(Number(r.calls) / jobs, 3),
            meanMs: round(r.mean, 3),
            rowsPerCall: round(Number(r.rows) / Number(r.calls), 2),
            blksHitPerJob: round(Number(r.hit) / jobs, 1),
            blksDirtiedPerJob: round(Number(r.dirtied) / jobs, 2),
            walBytesPerJob: round(Number(r.wal) / jobs, 0),
            timeShare: round(allMs ? r.total / allMs : 0, 3),
          }),
        );
      const before = start ?? end;
      return {
        statements,
        totals: {
          commitsPerJob: round((end.commits - before.commits) / jobs, 2),
          walRecordsPerJob: round((end.walRecords - before.walRecords) / jobs, 1),
          walBytesPerJob: round((end.walBytes - before.walBytes) / jobs, 0),
          walFsyncsPerJob: round((end.walSync - before.walSync) / jobs, 2),
          statementMsPerJob: round(allMs / jobs, 3),
        },
      };
    },
    close: () => sql.end(),
  };
}

/** The profile as a Markdown table (the form docs/benchmarks.md quotes). */
export function profileTable(name: string, profile: RunProfile): string {
  const t = profile.totals;
  const lines = [
    `${name}: per job ${t.commitsPerJob} commits, ${t.walRecordsPerJob} WAL records, ${t.walBytesPerJob} WAL bytes, ${t.walFsyncsPerJob} WAL fsyncs, ${t.statementMsPerJob} ms of statement time`,
    '| statement | calls/job | mean ms | rows/call | blks hit/job | blks dirtied/job | WAL B/job | time share |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...profile.statements.map(
      (s) =>
        `| \`${s.statement.replaceAll('|', '\\|')}\` | ${s.callsPerJob} | ${s.meanMs} | ${s.rowsPerCall} | ${s.blksHitPerJob} | ${s.blksDirtiedPerJob} | ${s.walBytesPerJob} | ${s.timeShare} |`,
    ),
  ];
  return lines.join('\n');
}
