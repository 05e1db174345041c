import { z } from 'zod';
import { isoDate, uuid } from './jobs.js';

/** What the cron's cheap change check saw last time (any of them changing means the site changed). */
export const changeSignalsSchema = z
  .object({
    etag: z.string().nullable().optional(),
    lastModified: z.string().nullable().optional(),
    sitemapLastmod: z.string().nullable().optional(),
    contentHash: z.string().nullable().optional(),
  })
  .meta({ id: 'ChangeSignals' });
export type ChangeSignals = z.infer<typeof changeSignalsSchema>;

/** A recurring refresh as the API returns it. */
export const scheduleSchema = z
  .object({
    id: uuid,
    url: z.string(),
    siteKey: z.string(),
    intervalSeconds: z.number().int(),
    enabled: z.boolean(),
    model: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    nextRunAt: isoDate,
    lastCheckedAt: isoDate.nullable(),
    lastEnqueuedAt: isoDate.nullable(),
    lastJobId: uuid.nullable(),
    signals: changeSignalsSchema.nullable(),
    failures: z.number().int(),
    lastError: z.string().nullable(),
    owner: z.string().nullable().meta({ description: 'name of the API key that created it' }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: 'Schedule' });
export type ScheduleBody = z.infer<typeof scheduleSchema>;
