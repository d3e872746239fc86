import protobuf from 'protobufjs/light.js';
import snappy from 'snappyjs';
import type { Point } from './series-store.js';

/**
 * The part of Prometheus' remote-write 1.0 schema (prometheus/prompb
 * remote.proto and types.proto) a sender fills: a WriteRequest of
 * TimeSeries, each with its labels and samples. Requests are written by
 * hand with protobufjs' Writer below (no objects per point, and the stale
 * marker's exact NaN); this reflected schema reads them back.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** The headers remote write 1.0 requires with every request. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};

/** Field keys: (field number << 3) | wire type (0 varint, 1 64-bit, 2 length-delimited). */
const TIMESERIES = (1 << 3) | 2;
const LABEL = (1 << 3) | 2;
const SAMPLE = (2 << 3) | 2;
const NAME = (1 << 3) | 2;
const VALUE = (2 << 3) | 2;
const SAMPLE_VALUE = (1 << 3) | 1;
const SAMPLE_TIMESTAMP = (2 << 3) | 0;
/** Prometheus' stale marker, 0x7ff0000000000002: a NaN payload a JS number may not keep, so its bits are written as such. */
const STALE_BITS = { low: 0x00000002, high: 0x7ff00000 };

/**
 * A request body: the points as a protobuf WriteRequest, one TimeSeries of
 * one sample each, snappy-compressed (block format). A NaN value is written
 * as the stale marker.
 */
export function encodeWriteRequest(points: readonly Point[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const p of points) {
    w.uint32(TIMESERIES).fork();
    for (const l of p.labels) w.uint32(LABEL).fork().uint32(NAME).string(l.name).uint32(VALUE).string(l.value).ldelim();
    w.uint32(SAMPLE).fork().uint32(SAMPLE_VALUE);
    if (Number.isNaN(p.value)) w.fixed64(STALE_BITS as unknown as number);
    else w.double(p.value);
    w.uint32(SAMPLE_TIMESTAMP).int64(p.timestamp).ldelim();
    w.ldelim();
  }
  return snappy.compress(w.finish());
}

/** The points of a request body (for tests and debugging). */
export function decodeWriteRequest(body: Uint8Array): Point[] {
  const msg = WriteRequest.toObject(WriteRequest.decode(snappy.uncompress(body)), { longs: Number }) as {
    timeseries?: { labels?: { name: string; value: string }[]; samples?: { value?: number; timestamp?: number }[] }[];
  };
  return (msg.timeseries ?? []).flatMap((ts) => (ts.samples ?? []).map((s) => ({ labels: ts.labels ?? [], value: s.value ?? 0, timestamp: s.timestamp ?? 0 })));
}
