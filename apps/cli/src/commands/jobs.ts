import { setTimeout as sleep } from 'node:timers/promises';
import { acceptSiteUrl, type Progress } from '@ltx/core';
import type { Database, Job, JobProgress } from '@ltx/data-model';
import type { Command } from 'commander';
import { type CliEnv, coreSettings } from '../env.js';
import { CliError, note, out } from '../output.js';
import { progressReporter } from '../progress.js';
import { optionsFromFlags } from './generate.js';

const FINISHED = new Set(['success', 'failure', 'cancelled']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type DataModel = typeof import('@ltx/data-model');

/**
 * Runs `fn` on a connection to DATABASE_URL. The database package is imported here, when a job command runs,
 * so that `ltx generate` and `--version` do not load the PostgreSQL drivers.
 */
async function withDatabase<T>(
  env: CliEnv,
  fn: (database: Database, queries: DataModel) => Promise<T>,
): Promise<T> {
  if (!env.DATABASE_URL) {
    throw new CliError('DATABASE_URL is required: enqueue and status talk to the queue in PostgreSQL');
  }
  const queries = await import('@ltx/data-model');
  const database = queries.connect(env.DATABASE_URL, {
    max: 2,
    applicationName: 'ltx-cli',
    connectTimeout: 10,
  });
  try {
    return await fn(database, queries);
  } finally {
    await database.close().catch(() => {});
  }
}

function summary(job: Job): string {
  const parts = [
    `${job.id} ${job.status}`,
    job.url,
    `kind ${job.kind}`,
    `attempts ${job.attempts}/${job.maxAttempts}`,
  ];
  if (job.progress && !FINISHED.has(job.status)) parts.push(`phase ${job.progress.phase}`);
  if (job.usage) parts.push(`${job.usage.totalTokens} tokens`);
  if (job.error) parts.push(`error (${job.errorCode ?? 'unknown'}): ${job.error}`);
  return parts.join('  ');
}

/** A job's stored progress in the shape the CLI's progress display takes. */
const asProgress = (p: JobProgress): Progress =>
  ({ ...p, pagesFound: p.pagesFound ?? 0, pagesFetched: p.pagesFetched ?? 0 }) as Progress;

function jobJson(job: Job) {
  const { llmsTxt, llmsFullTxt, ...rest } = job;
  return { ...rest, hasLlmsTxt: llmsTxt !== null, hasLlmsFullTxt: llmsFullTxt !== null };
}

interface EnqueueFlags {
  kind?: string;
  model?: string;
  full?: boolean;
  offline?: boolean;
  maxPages?: string;
  maxDepth?: string;
  json?: boolean;
}

interface StatusFlags {
  wait?: boolean;
  timeout?: string;
  print?: boolean;
  json?: boolean;
}

export function registerJobCommands(program: Command, env: () => CliEnv): void {
  program
    .command('enqueue')
    .description('queue a job in DATABASE_URL and print its id (a running worker picks it up)')
    .argument('<url>', 'the site')
    .option('--kind <kind>', "'new' or 'update' (an update refreshes the last llms.txt)", 'new')
    .option('-m, --model <model>', 'model for this job')
    .option('--full', 'also produce llms-full.txt')
    .option('--offline', 'extractive generator: no model')
    .option('--max-pages <n>', 'pages to crawl at most')
    .option('--max-depth <n>', 'link depth from the start page')
    .option('--json', 'print the job as JSON')
    .action(async (url: string, flags: EnqueueFlags) => {
      if (flags.kind !== 'new' && flags.kind !== 'update')
        throw new CliError(`--kind must be new or update, not '${flags.kind}'`, 2);
      const { model, ...options } = optionsFromFlags({ ...flags, model: undefined });
      const current = env();
      const accepted = await acceptSiteUrl(url, coreSettings(current));
      await withDatabase(current, async (database, { enqueueUnlessActive }) => {
        const { job, created } = await enqueueUnlessActive(database, {
          url: accepted.url,
          siteKey: accepted.siteKey,
          kind: flags.kind as 'new' | 'update',
          model: flags.model ?? model ?? null,
          options,
        });
        if (flags.json) out(`${JSON.stringify({ created, job: jobJson(job) }, null, 2)}\n`);
        else out(`${job.id}\n`);
        note(
          created
            ? `ltx: queued ${job.kind} job ${job.id} for ${job.url}`
            : `ltx: ${job.url} already has job ${job.id} (${job.status}); no duplicate made`,
        );
      });
    });

  program
    .command('status')
    .description('show a job of DATABASE_URL; --wait until it ends (exit 1 when it failed)')
    .argument('<id>', 'job id')
    .option('-w, --wait', 'poll until the job succeeds, fails or is cancelled')
    .option('--timeout <seconds>', 'give up waiting after this long (exit 3)', '600')
    .option('-p, --print', 'print the llms.txt on stdout when the job succeeded')
    .option('--json', 'print the job as JSON')
    .action(async (id: string, flags: StatusFlags) => {
      const timeoutS = Number(flags.timeout);
      if (!Number.isFinite(timeoutS) || timeoutS <= 0)
        throw new CliError(`--timeout must be a positive number of seconds`, 2);
      if (!UUID_RE.test(id)) throw new CliError(`no job ${id} (job ids are UUIDs)`);
      await withDatabase(env(), async (database, { getJob }) => {
        const deadline = Date.now() + timeoutS * 1000;
        let job = await getJob(database, id);
        if (!job) throw new CliError(`no job ${id}`);
        let lastStatus = '';
        // The worker's progress as `generate` shows it: a bar on a terminal, a line per phase otherwise.
        const progress = progressReporter({ quiet: Boolean(flags.json) });
        try {
          while (flags.wait && !FINISHED.has(job.status)) {
            if (job.status !== lastStatus && !flags.json) {
              progress.finish();
              note(`ltx: ${summary(job)}`);
            }
            lastStatus = job.status;
            if (job.progress) progress.update(asProgress(job.progress));
            if (Date.now() > deadline)
              throw new CliError(`job ${id} is still ${job.status} after ${timeoutS} s`, 3);
            await sleep(500);
            job = (await getJob(database, id)) ?? job;
          }
        } finally {
          progress.finish();
        }
        if (flags.json) out(`${JSON.stringify(jobJson(job), null, 2)}\n`);
        else if (flags.print && job.status === 'success' && job.llmsTxt !== null) out(job.llmsTxt);
        else out(`${summary(job)}\n`);
        if (flags.print && job.status === 'success' && flags.json === undefined) note(`ltx: ${summary(job)}`);
        if (job.status === 'failure' || job.status === 'cancelled') process.exitCode = 1;
      });
    });
}
