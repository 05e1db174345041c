import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { type Database, mapRow } from '../database.js';
import { type Job, jobs } from '../schema/jobs.js';
import { type Schedule, schedules } from '../schema/schedules.js';
import { decodeKeyset, encodeKeyset, keysetTime } from './keyset.js';

export interface SiteRow {
  siteKey: string;
  url: string;
  jobs: number;
  latestJob: { job: Job; hasLlmsTxt: boolean; hasLlmsFullTxt: boolean } | null;
  latestSuccess: { job: Job; hasLlmsTxt: boolean; hasLlmsFullTxt: boolean } | null;
  schedule: Schedule | null;
  /** Newest job's (or the schedule's) creation time, in UTC to the microsecond (for the cursor). */
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

/**
 * A job as JSON without its result texts (which may be megabytes), plus whether each text exists: an object
 * built from the other columns by name, so PostgreSQL never reads (detoasts) the texts — `to_jsonb(j) - 'llms_txt'`
 * would build the whole row first. Chunks of 40 pairs stay under the 100-argument limit of a function call.
 */
const LIGHT_JOB = (() => {
  const { llmsTxt: _llmsTxt, llmsFullTxt: _llmsFullTxt, ...light } = getTableColumns(jobs);
  const pairs = Object.values(light).map((column) => `'${column.name}', j."${column.name}"`);
  pairs.push(`'has_llms_txt', j.llms_txt is not null`, `'has_llms_full_txt', j.llms_full_txt is not null`);
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 40)
    chunks.push(`jsonb_build_object(${pairs.slice(i, i + 40).join(', ')})`);
  return sql.raw(chunks.join(' || '));
})();

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

export const encodeSiteCursor = (row: Pick<SiteRow, 'lastActivity' | 'siteKey'>): string =>
  encodeKeyset({ at: row.lastActivity, key: row.siteKey });

export function decodeSiteCursor(cursor: string): { last: string; siteKey: string } | undefined {
  const position = decodeKeyset(cursor);
  return position ? { last: position.at, siteKey: position.key } : undefined;
}

export interface ListSitesInput {
  limit: number;
  cursor?: { last: string; siteKey: string } | undefined;
  /** Only sites from this owner's jobs and schedules (an owner-scoped API key); unset: every site. */
  owner?: string | undefined;
}

/** The query behind listSites (exported for the test that proves it never reads the result texts). */
export function listSitesQuery(input: ListSitesInput): SQL {
  // Sites come from walking jobs newest first (jobs_created_idx, or jobs_owner_idx for one owner) and keeping
  // each site's newest job only (an anti-join on jobs_site_idx): the walk stops after limit + 1 sites, so a
  // page costs the same with a million finished jobs as with none. A `group by site_key` over every job row
  // took 1.2 s at 1M rows.
  const cursorJobs = input.cursor
    ? sql`and (j.created_at, j.site_key) < (${input.cursor.last}::timestamptz, ${input.cursor.siteKey})`
    : sql``;
  const cursorSchedules = input.cursor
    ? sql`and (s.created_at, s.site_key) < (${input.cursor.last}::timestamptz, ${input.cursor.siteKey})`
    : sql``;
  // Owner-scoped: every jobs/schedules read below sees only that owner's rows.
  const owner = input.owner;
  const jobOwner = owner === undefined ? sql`` : sql`and j.owner = ${owner}`;
  const newerOwner = owner === undefined ? sql`` : sql`and n.owner = ${owner}`;
  const scheduleOwner = owner === undefined ? sql`` : sql`and s.owner = ${owner}`;
  const limit = input.limit + 1;
  // The cursor's time in one fixed form (UTC, microseconds) whatever the session's DateStyle and TimeZone.
  return sql`
    with newest as (
      select j.site_key, j.created_at as last from jobs j
      where j.site_key is not null ${jobOwner} ${cursorJobs}
        and not exists (
          select 1 from jobs n where n.site_key = j.site_key ${newerOwner}
            and n.created_at >= j.created_at and (n.created_at > j.created_at or n.id > j.id))
      order by j.created_at desc, j.site_key desc
      limit ${limit}
    ),
    keys as (
      select site_key, last from newest
      union all
      (select s.site_key, s.created_at from schedules s
      where not exists (select 1 from jobs j where j.site_key = s.site_key ${jobOwner}) ${scheduleOwner} ${cursorSchedules}
      order by s.created_at desc, s.site_key desc
      limit ${limit})
    )
    select k.site_key, (select count(*) from jobs j where j.site_key = k.site_key ${jobOwner}) as n,
      ${keysetTime(sql`k.last`)} as last,
      (select ${LIGHT_JOB} from jobs j where j.site_key = k.site_key ${jobOwner} order by j.created_at desc, j.id desc limit 1) as latest,
      (select ${LIGHT_JOB} from jobs j where j.site_key = k.site_key and j.status = 'success' ${jobOwner}
        order by j.created_at desc, j.id desc limit 1) as success,
      (select to_jsonb(s) from schedules s where s.site_key = k.site_key ${scheduleOwner}) as schedule
    from keys k
    order by k.last desc, k.site_key desc
    limit ${limit}`;
}

/**
 * Every known site (a site key with jobs, or a schedule), most recently active first: its newest job, its
 * newest success and its schedule. Keyset-paginated on (last activity, site key).
 */
export async function listSites(
  database: Database,
  input: ListSitesInput,
): Promise<{ sites: SiteRow[]; nextCursor: string | null }> {
  const rows = await database.rows<RawSite>(listSitesQuery(input));
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
