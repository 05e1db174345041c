import { type Database, type Job, jobs, mapRow, type Schedule, schedules } from '@ltx/data-model';
import { sql } from 'drizzle-orm';

export interface SiteRow {
  siteKey: string;
  url: string;
  jobs: number;
  latestJob: { job: Job; hasLlmsTxt: boolean; hasLlmsFullTxt: boolean } | null;
  latestSuccess: { job: Job; hasLlmsTxt: boolean; hasLlmsFullTxt: boolean } | null;
  schedule: Schedule | null;
  /** Newest job's (or the schedule's) creation time, as PostgreSQL prints it (full precision, for the cursor). */
  lastActivity: string;
}

interface RawSite {
  site_key: string;
  n: number | string;
  last: string;
  latest: Record<string, unknown> | string | null;
  success: Record<string, unknown> | string | null;
  schedule: Record<string, unknown> | string | null;
}

/** The job columns without the result texts (which may be megabytes), plus whether each text exists. */
const LIGHT_JOB = sql.raw(
  `to_jsonb(j) - 'llms_txt' - 'llms_full_txt' || jsonb_build_object('has_llms_txt', j.llms_txt is not null, 'has_llms_full_txt', j.llms_full_txt is not null)`,
);

function parse(value: Record<string, unknown> | string | null): Record<string, unknown> | null {
  if (value === null) return null;
  return typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : value;
}

function lightJob(value: Record<string, unknown> | string | null): SiteRow['latestJob'] {
  const row = parse(value);
  if (!row) return null;
  return {
    job: mapRow(jobs, row),
    hasLlmsTxt: row.has_llms_txt === true,
    hasLlmsFullTxt: row.has_llms_full_txt === true,
  };
}

export function encodeSiteCursor(row: Pick<SiteRow, 'lastActivity' | 'siteKey'>): string {
  return Buffer.from(`${row.lastActivity}|${row.siteKey}`).toString('base64url');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;

export function decodeSiteCursor(cursor: string): { last: string; siteKey: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0) return undefined;
  const last = text.slice(0, bar);
  const siteKey = text.slice(bar + 1);
  return TIMESTAMP.test(last) && siteKey ? { last, siteKey } : undefined;
}

/**
 * Every known site (a site key with jobs, or a schedule), most recently active first: its newest job, its
 * newest success and its schedule. Keyset-paginated on (last activity, site key).
 */
export async function listSites(
  database: Database,
  input: { limit: number; cursor?: { last: string; siteKey: string } | undefined },
): Promise<{ sites: SiteRow[]; nextCursor: string | null }> {
  const after = input.cursor
    ? sql`where (k.last, k.site_key) < (${input.cursor.last}::timestamptz, ${input.cursor.siteKey})`
    : sql``;
  const rows = await database.rows<RawSite>(sql`
    with keys as (
      select site_key, count(*) as n, max(created_at) as last from jobs where site_key is not null group by site_key
      union all
      select s.site_key, 0, s.created_at from schedules s
      where not exists (select 1 from jobs j where j.site_key = s.site_key)
    )
    select k.site_key, k.n, k.last::text as last,
      (select ${LIGHT_JOB} from jobs j where j.site_key = k.site_key order by j.created_at desc, j.id desc limit 1) as latest,
      (select ${LIGHT_JOB} from jobs j where j.site_key = k.site_key and j.status = 'success'
        order by j.finished_at desc nulls last limit 1) as success,
      (select to_jsonb(s) from schedules s where s.site_key = k.site_key) as schedule
    from keys k
    ${after}
    order by k.last desc, k.site_key desc
    limit ${input.limit + 1}`);
  const sites = rows.slice(0, input.limit).map((row): SiteRow => {
    const latestJob = lightJob(row.latest);
    const scheduleRow = parse(row.schedule);
    const schedule = scheduleRow ? mapRow(schedules, scheduleRow) : null;
    return {
      siteKey: row.site_key,
      url: latestJob?.job.url ?? schedule?.url ?? row.site_key,
      jobs: Number(row.n),
      latestJob,
      latestSuccess: lightJob(row.success),
      schedule,
      lastActivity: row.last,
    };
  });
  const last = sites[sites.length - 1];
  return { sites, nextCursor: rows.length > input.limit && last ? encodeSiteCursor(last) : null };
}
