/**
 * Compile-time check (never bundled): the in-isolate modules implement the
 * user-facing declarations in types/. Checked by `npx tsc -p runtime/modules`.
 */
import type * as dData from '../../../types/data.js';
import type * as dExec from '../../../types/execution.js';
import type * as dHttp from '../../../types/http.js';
import type * as dCore from '../../../types/index.js';
import type * as dMetrics from '../../../types/metrics.js';
import type * as dOpenai from '../../../types/openai.js';
import type * as dEncoding from '../../../types/encoding.js';
import type * as dTimers from '../../../types/timers.js';
import type * as data from '../data.js';
import type * as exec from '../execution.js';
import type * as http from '../http.js';
import type * as core from '../index.js';
import type * as metrics from '../metrics.js';
import type * as openai from '../openai.js';
import type * as encoding from '../encoding.js';
import type * as timers from '../timers.js';

type Assert<Impl extends Decl, Decl> = [Impl, Decl];

export type Checks = [
  Assert<typeof core.check, typeof dCore.check>,
  Assert<typeof core.group, typeof dCore.group>,
  Assert<typeof core.sleep, typeof dCore.sleep>,
  Assert<typeof core.fail, typeof dCore.fail>,
  Assert<typeof metrics.Counter, typeof dMetrics.Counter>,
  Assert<typeof metrics.Gauge, typeof dMetrics.Gauge>,
  Assert<typeof metrics.Rate, typeof dMetrics.Rate>,
  Assert<typeof metrics.Trend, typeof dMetrics.Trend>,
  Assert<typeof exec.default, typeof dExec.default>,
  Assert<typeof data.open, (path: string, mode?: 'b') => string | ArrayBuffer>,
  Assert<data.SharedArray<number>, dData.SharedArray<number>>,
  Assert<typeof data.tokenizer, typeof dData.tokenizer>,
  Assert<typeof data.sampleLengths, typeof dData.sampleLengths>,
  Assert<data.Prompts, dData.Prompts>,
  Assert<data.Dataset, dData.Dataset>,
  Assert<data.HashIdPrompts, dData.HashIdPrompts>,
  Assert<typeof data.chatRequest, typeof dData.chatRequest>,
  Assert<data.Conversation, dData.Conversation>,
  Assert<typeof openai.client, typeof dOpenai.client>,
  Assert<openai.Client, dOpenai.Client>,
  Assert<typeof openai.default, typeof dOpenai.default>,
  Assert<typeof http.request, typeof dHttp.request>,
  Assert<typeof http.asyncRequest, typeof dHttp.asyncRequest>,
  Assert<typeof http.get, typeof dHttp.get>,
  Assert<typeof http.head, typeof dHttp.head>,
  Assert<typeof http.post, typeof dHttp.post>,
  Assert<typeof http.put, typeof dHttp.put>,
  Assert<typeof http.patch, typeof dHttp.patch>,
  Assert<typeof http.del, typeof dHttp.del>,
  Assert<typeof http.options, typeof dHttp.options>,
  Assert<typeof http.batch, typeof dHttp.batch>,
  Assert<typeof http.url, typeof dHttp.url>,
  Assert<typeof http.file, typeof dHttp.file>,
  Assert<typeof http.cookieJar, typeof dHttp.cookieJar>,
  Assert<typeof http.CookieJar, typeof dHttp.CookieJar>,
  Assert<typeof http.expectedStatuses, typeof dHttp.expectedStatuses>,
  Assert<typeof http.setResponseCallback, typeof dHttp.setResponseCallback>,
  Assert<typeof http.default, typeof dHttp.default>,
  Assert<http.Response, dHttp.Response>,
  Assert<http.CookieJar, dHttp.CookieJar>,
  Assert<http.FileData, dHttp.FileData>,
  Assert<http.HttpURL, dHttp.HttpURL>,
  Assert<typeof encoding.b64encode, typeof dEncoding.b64encode>,
  Assert<typeof encoding.b64decode, typeof dEncoding.b64decode>,
  Assert<typeof timers.setTimeout, typeof dTimers.setTimeout>,
  Assert<typeof timers.clearInterval, typeof dTimers.clearInterval>,
];
