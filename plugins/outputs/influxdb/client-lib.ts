import type * as InfluxClient from '@influxdata/influxdb-client';
import { lazyPackage } from 'llmload/plugin';

/** @influxdata/influxdb-client, loaded when an InfluxDB output is made: runs without one never pay for it. */
export const influx = lazyPackage<typeof InfluxClient>(import.meta.url, '@influxdata/influxdb-client');
