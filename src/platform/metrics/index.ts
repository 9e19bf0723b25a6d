/** Prometheus metrics of one process (its own registry, so several servers in one test process do not clash). */
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'samsvar_' });
  const httpDuration = new Histogram({
    name: 'samsvar_http_request_duration_seconds',
    help: 'Duration of HTTP requests of the api role, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, httpDuration };
}
