import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Database, queueStats } from '@ltx/data-model';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one worker process (its own registry, so several workers in one process work). */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobs: Counter<'outcome'>;
  readonly duration: Histogram<'outcome'>;
  readonly inFlight: Gauge;
  readonly tokens: Counter<'type'>;
  readonly claims: Counter;
  readonly dbErrors: Counter;
  readonly queueDepth: Gauge<'status'>;

  constructor(database?: Database, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    /** A metric's name, help and registry, with its one label. */
    const labelled = <L extends string>(name: string, help: string, label: L) => ({
      name,
      help,
      labelNames: [label],
      registers,
    });
    this.jobs = new Counter(
      labelled(
        'ltx_jobs_total',
        'Jobs finished by this worker, by outcome (success, failure, retry, cancelled, released, lost)',
        'outcome',
      ),
    );
    this.duration = new Histogram({
      ...labelled('ltx_job_duration_seconds', 'Wall time from claim to outcome', 'outcome'),
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    });
    const plain = { registers };
    this.inFlight = new Gauge({
      name: 'ltx_jobs_in_flight',
      help: 'Jobs this worker is running now',
      ...plain,
    });
    this.tokens = new Counter(
      labelled('ltx_model_tokens_total', 'Model tokens used by finished jobs', 'type'),
    );
    this.claims = new Counter({
      name: 'ltx_jobs_claimed_total',
      help: 'Jobs claimed by this worker',
      ...plain,
    });
    this.dbErrors = new Counter({
      name: 'ltx_database_errors_total',
      help: 'Database errors seen (retried)',
      ...plain,
    });
    const db = database;
    this.queueDepth = new Gauge({
      ...labelled('ltx_queue_jobs', 'Jobs in the queue table by status (read at scrape time)', 'status'),
      async collect() {
        if (!db) return;
        try {
          const stats = await queueStats(db);
          for (const [status, n] of Object.entries(stats.byStatus)) this.set({ status }, n);
          this.set({ status: 'ready' }, stats.ready);
        } catch {
          // The database is down: keep the last values; ltx_database_errors_total tells the story.
        }
      },
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'ltx_worker_' });
  }
}

/** /healthz and /metrics on `port` (0 = any free port). */
export async function serveMetrics(
  metrics: WorkerMetrics,
  port: number,
  health: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.url === '/healthz') {
        const { ok, detail } = await health();
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy', ...detail }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"not_found","message":"try /healthz or /metrics"}}');
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((ready) => server.listen(port, ready));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
