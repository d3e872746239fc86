import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real local HTTP server standing in for dcgm-exporter or an inference
 * server's /metrics in telemetry tests. Each route renders its exposition
 * from the number of scrapes it has served so far (0, 1, 2...), so counters
 * can grow between scrapes. `downAfter` makes a route answer only that many
 * scrapes and then reset every connection (an exporter that died mid-run).
 */
export interface MetricsServer {
  url: string;
  /** Scrapes answered per path. */
  served(path: string): number;
  close(): Promise<void>;
}

export interface MetricsRoute {
  render(n: number): string;
  downAfter?: number;
}

export async function startMetricsServer(routes: Record<string, MetricsRoute>): Promise<MetricsServer> {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes[path];
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const n = counts.get(path) ?? 0;
    if (route.downAfter !== undefined && n >= route.downAfter) {
      req.socket.destroy();
      return;
    }
    counts.set(path, n + 1);
    res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(route.render(n));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Adds `by` to the value of every line of `metric` (any labels) in an exposition. */
export function bumpMetric(text: string, metric: string, by: number): string {
  const escaped = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(${escaped}(?:\\{[^}]*\\})?) (\\S+)$`, 'gm'), (_, head: string, v: string) => `${head} ${Number(v) + by}`);
}
