import { z } from 'zod';
import { jobStatusSchema, jobSummarySchema } from './jobs.js';
import { scheduleSchema } from './schedules.js';

/** A site: the jobs for one normalised URL, its latest result and its schedule. */
export const siteSchema = z
  .object({
    siteKey: z.string(),
    url: z.string(),
    jobs: z.number().int(),
    /** Null for a site known only from its schedule (no job yet). */
    latestJob: jobSummarySchema.nullable(),
    latestSuccess: jobSummarySchema.nullable(),
    schedule: scheduleSchema.nullable(),
  })
  .meta({ id: 'Site' });
export type Site = z.infer<typeof siteSchema>;

/** Queue health (GET /v1/stats). */
export const statsSchema = z
  .object({
    byStatus: z.record(jobStatusSchema, z.number().int()),
    ready: z.number().int().meta({ description: 'queued jobs whose run time has come' }),
    inFlight: z.number().int().meta({ description: 'started + running' }),
    oldestReadyAgeSeconds: z.number().nullable(),
    failuresLastHour: z.number().int(),
    successesLastHour: z.number().int(),
    schedules: z.object({ total: z.number().int(), enabled: z.number().int(), failing: z.number().int() }),
  })
  .meta({ id: 'QueueStats' });
export type Stats = z.infer<typeof statsSchema>;

export const healthSchema = z
  .object({
    ok: z.boolean(),
    database: z.enum(['ok', 'unreachable']),
    /** The schema version against the committed migrations (absent when the database is unreachable). */
    schema: z.enum(['current', 'missing', 'behind', 'ahead']).optional(),
  })
  .meta({ id: 'Health' });

/** GET /v1/server: what this server does with a job that names nothing (its generator and model). */
export const serverInfoSchema = z
  .object({
    generator: z.enum(['llm', 'extractive']).nullable(),
    model: z.string().nullable(),
    notices: z.array(z.string()),
  })
  .meta({ id: 'ServerInfo' });
export type ServerInfo = z.infer<typeof serverInfoSchema>;
export type Health = z.infer<typeof healthSchema>;
