import { Counter, Histogram, Registry as MetricsRegistry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics with bounded label sets (verb, resource, code): no per-tenant or per-object labels. */
export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  private readonly requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Requests served, by verb, group, resource and HTTP code.',
    labelNames: ['verb', 'group', 'resource', 'code'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Request latency in seconds, by verb and resource (watches excluded).',
    labelNames: ['verb', 'group', 'resource'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(labels: { verb: string; group: string; resource: string }, code: number, seconds: number): void {
    this.requests.inc({ ...labels, code: String(code) });
    if (labels.verb !== 'watch') this.duration.observe(labels, seconds);
  }
}
