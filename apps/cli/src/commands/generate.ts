import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  closeExtractPool,
  configureExtractPool,
  createLogger,
  DEFAULT_LIMITS,
  generate,
  type JobOptions,
  jobOptionsSchema,
  type Logger,
  silentLogger,
} from '@ltx/core';
import type { Command } from 'commander';
import pino from 'pino';
import { type CliEnv, coreSettings } from '../env.js';
import { CliError, note, out, userPath } from '../output.js';
import { progressReporter } from '../progress.js';

/** Extraction threads of `ltx generate` (the worker and `ltx serve` keep one per core). */
export const GENERATE_EXTRACT_THREADS = 1;

export interface GenerateFlags {
  out?: string;
  full?: boolean;
  fullOut?: string;
  model?: string;
  offline?: boolean;
  maxPages?: string;
  maxDepth?: string;
  timeout?: string;
  concurrency?: string;
  delay?: string;
  quiet?: boolean;
  verbose?: boolean;
}

const toInt = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${flag} must be a whole number, not '${value}'`, 2);
  return Number(value);
};

/** The job options the flags ask for, checked by core's schema (its limits and ceilings). */
export function optionsFromFlags(flags: GenerateFlags): JobOptions {
  const raw: Record<string, unknown> = {
    ...(flags.offline ? { generator: 'extractive' } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.full || flags.fullOut ? { full: true } : {}),
    maxPages: toInt('--max-pages', flags.maxPages),
    maxDepth: toInt('--max-depth', flags.maxDepth),
    jobTimeoutMs: toInt('--timeout', flags.timeout),
    concurrency: toInt('--concurrency', flags.concurrency),
    perHostDelayMs: toInt('--delay', flags.delay),
  };
  const parsed = jobOptionsSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const flag: Record<string, string> = {
      maxPages: '--max-pages',
      maxDepth: '--max-depth',
      jobTimeoutMs: '--timeout',
      concurrency: '--concurrency',
      perHostDelayMs: '--delay',
      model: '--model',
    };
    const issues = parsed.error.issues.map(
      (i) => `${flag[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`,
    );
    throw new CliError(`invalid option: ${issues.join('; ')}`, 2);
  }
  return parsed.data;
}

export function registerGenerate(program: Command, env: () => CliEnv): void {
  program
    .command('generate')
    .description('crawl a site and print its llms.txt on stdout (no database)')
    .argument('<url>', 'the site to describe (http or https)')
    .option('-o, --out <file>', 'write the llms.txt to a file instead of stdout')
    .option('--full', 'also write llms-full.txt (the pages as Markdown)')
    .option('--full-out <file>', 'where llms-full.txt goes (default: beside --out, else ./llms-full.txt)')
    .option('-m, --model <model>', 'model to ask (default LTX_MODEL)')
    .option('--offline', 'build the file from the crawl alone: no model, no API key (extractive generator)')
    .option('--max-pages <n>', `pages to crawl at most (default ${DEFAULT_LIMITS.maxPages})`)
    .option('--max-depth <n>', `link depth from the start page (default ${DEFAULT_LIMITS.maxDepth})`)
    .option('--timeout <ms>', `time limit of the whole run (default ${DEFAULT_LIMITS.jobTimeoutMs})`)
    .option('--concurrency <n>', `parallel requests to the site (default ${DEFAULT_LIMITS.concurrency})`)
    .option('--delay <ms>', 'minimum delay between requests to the site')
    .option('-q, --quiet', 'no progress on stderr')
    .option('-v, --verbose', 'debug logs on stderr (LOG_LEVEL sets the level)')
    .action(async (url: string, flags: GenerateFlags) => {
      await runGenerate(url, flags, env());
    });
}

export async function runGenerate(url: string, flags: GenerateFlags, env: CliEnv): Promise<void> {
  const options = optionsFromFlags(flags);
  const settings = coreSettings(env, flags.offline ? { generator: 'extractive' } : {});
  const logger: Logger =
    flags.verbose || env.LOG_LEVEL
      ? createLogger({ level: env.LOG_LEVEL ?? 'debug', service: 'ltx', destination: pino.destination(2) })
      : silentLogger;
  const progress = progressReporter({ quiet: Boolean(flags.quiet) });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const renderer =
    env.LTX_RENDER === 'off' ? undefined : (await import('@ltx/render')).rendererFromEnv(env, logger);
  // One extraction thread: each is a V8 isolate with the parser loaded (~35 MiB), and a one-shot command has
  // no leases to keep; the thread still keeps a heavy page off the loop and enforces pageCpuBudgetMs.
  // Measured in docs/benchmarks.md (memory): one thread instead of two cuts the peak and keeps the pace.
  configureExtractPool({ threads: GENERATE_EXTRACT_THREADS });
  let result: Awaited<ReturnType<typeof generate>>;
  try {
    result = await generate(url, options, {
      signal: controller.signal,
      logger,
      settings,
      onProgress: (p) => progress.update(p),
      renderer,
    });
  } catch (error) {
    progress.finish();
    if (controller.signal.aborted) throw new CliError('interrupted', 130);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // The extraction threads end with the command (they would end idle anyway; this makes it at once).
    await closeExtractPool();
    await renderer?.close();
  }
  progress.finish();

  if (flags.out) {
    await writeFile(userPath(flags.out), result.llmsTxt);
  } else {
    out(result.llmsTxt);
  }
  if (result.llmsFullTxt !== undefined) {
    const fullPath = userPath(
      flags.fullOut ?? (flags.out ? join(dirname(userPath(flags.out)), 'llms-full.txt') : 'llms-full.txt'),
    );
    await writeFile(fullPath, result.llmsFullTxt);
    if (!flags.quiet) note(`ltx: wrote llms-full.txt to ${fullPath}`);
  }
  if (!flags.quiet) {
    const usage =
      result.usage.calls > 0
        ? `, ${result.usage.totalTokens} tokens in ${result.usage.calls} model call(s)`
        : '';
    note(
      `ltx: ${result.generator} llms.txt from ${result.pages.fetched} pages (${result.pages.linked} linked)${usage} in ${(result.durationMs / 1000).toFixed(1)} s${flags.out ? ` -> ${userPath(flags.out)}` : ''}`,
    );
    for (const warning of result.warnings) note(`ltx: warning: ${warning}`);
    if (result.limitsHit.length > 0) note(`ltx: limits reached: ${result.limitsHit.join(', ')}`);
  }
}
