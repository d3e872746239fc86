import { parseExposition, type Series } from './exposition-parser.js';

/** A /metrics answer: its series, or why it has none. */
export type ServerBody = { series: Series[]; problem?: undefined } | { problem: string };

/**
 * Reads an answered scrape. A body that is not Prometheus text (JSON, HTML,
 * nothing) is named as such rather than fed to the parser line by line:
 * trtllm-serve answers /metrics with JSON and serves Prometheus text at
 * /prometheus/metrics.
 */
export function readServerBody(body: string, url: string): ServerBody {
  const head = body.trimStart().slice(0, 1);
  if (head === '') return { problem: 'an empty body, not Prometheus text' };
  if (head === '{' || head === '[') {
    const trtllm = /\/metrics\/?$/.test(pathOf(url)) && !/\/prometheus\/metrics\/?$/.test(pathOf(url));
    return {
      problem: `a JSON body, not Prometheus text${trtllm ? " (trtllm-serve's /metrics is JSON: its Prometheus metrics are at /prometheus/metrics)" : ''}`,
    };
  }
  if (head === '<') return { problem: 'an HTML body, not Prometheus text (is it the /metrics URL?)' };
  let series: Series[];
  try {
    series = parseExposition(body).series;
  } catch {
    return { problem: 'a body that is not Prometheus text' };
  }
  return series.length > 0 ? { series } : { problem: 'no metrics in its answer' };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
