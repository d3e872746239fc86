import type { MetricType, ValueType } from '../metrics/types.js';
import { ConnectionHabits, habitNote } from '../http-client/connection-habits.js';
import { ReadClock } from '../http-client/read-clock.js';
import { DEFAULT_NETWORK, type NetworkSettings } from '../options/network.js';
import { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../options/system-tags.js';
import type { RecordBus, RecordChannel } from '../record-channel.js';
import type { SectionContext, SummaryContributor, SummarySection } from '../summary/sections.js';
import { getTokenizer, loadedTokenizer, tokenizerSource } from '../tokenizers/index.js';
import { LlmClient, type LlmClientOptions } from './client.js';
import { parseGoodput, type Slos } from './goodput.js';
import { LLM_REQUESTS_CHANNEL, type LlmRequestRecord } from './request-record.js';
import type { LlmRequest } from './request.js';
import { LlmRunStats } from './run-stats.js';
import { LLM_METRICS } from './samples.js';
import { llmSection } from './summary.js';
import { TokenCounter, type TokenizerLookup } from './tokens.js';

/** What the runtime gives the LLM kit when it creates it for a run. */
export interface LlmServiceOptions {
  /** `options.goodput` as the script set it (validated here): SLOs → llm_goodput. */
  goodput?: unknown;
  /** False with k6's `noConnectionReuse` (a request's `connectionReuse` overrides it). */
  connectionReuse: boolean;
  /** k6's network options (rps, blockHostnames, blacklistIPs, noVUConnectionReuse); absent: DEFAULT_NETWORK. */
  network?: NetworkSettings;
  /** Which system tags samples carry; absent: DEFAULT_SYSTEM_TAGS. */
  systemTags?: SystemTags;
  defineMetric(name: string, type: MetricType, contains: ValueType): void;
  /** Records go to its `llm-requests` channel (`--out requests=`). */
  records: RecordBus;
  /** Tokenizer paths resolve from here. */
  cwd: string;
  warn(message: string): void;
}

/** What the service's clients share: made once per run. */
export interface LlmRunShared {
  readonly options: LlmServiceOptions;
  readonly network: NetworkSettings;
  readonly systemTags: SystemTags;
  readonly slos: Slos | undefined;
  readonly stats: LlmRunStats;
  readonly counter: TokenCounter;
  readonly clock: ReadClock;
  /** Which servers close connections after a kind of response (learned over the run, by every VU). */
  readonly habits: ConnectionHabits;
  readonly records: RecordChannel<LlmRequestRecord>;
  /** Requests open in the whole run (the llm_in_flight gauge): +1 or −1, returns the new count. */
  inFlight(delta: number): number;
}

/**
 * The LLM measurement kit of one run (EndpointContext.llm): every LLM endpoint
 * plugin (llmload/openai, a third party's llmload/x/…) sends its requests
 * through a client of it, so TTFT, ITL, TPOT, E2E, token counts, the llm_*
 * samples, goodput and the `llm-requests` records mean the same for all. One
 * LLM summary block however many LLM endpoints the run uses; one counting
 * thread, stopped by close() at the run's end.
 */
export class LlmService implements SummaryContributor {
  private readonly shared: LlmRunShared;
  private defined = false;

  constructor(options: LlmServiceOptions) {
    const cwd = options.cwd;
    const tokenizers: TokenizerLookup = {
      get: (spec) => getTokenizer(spec, cwd),
      loaded: (spec) => loadedTokenizer(spec, cwd),
      source: (spec) => tokenizerSource(spec, cwd),
    };
    let open = 0;
    this.shared = {
      options,
      network: options.network ?? DEFAULT_NETWORK,
      systemTags: options.systemTags ?? DEFAULT_SYSTEM_TAGS,
      slos: parseGoodput(options.goodput),
      stats: new LlmRunStats(),
      counter: new TokenCounter(tokenizers),
      clock: new ReadClock(),
      habits: new ConnectionHabits((origin, kind) => options.warn(habitNote('llmload', origin, kind))),
      records: options.records.channel<LlmRequestRecord>(LLM_REQUESTS_CHANNEL),
      inFlight: (delta) => (open += delta),
    };
  }

  /**
   * A client for one LLM endpoint plugin (call it in `create`): the plugin's
   * protocol reads the responses; the client sends, measures and records.
   * The first one defines the llm_* metrics.
   */
  client<R extends LlmRequest>(opts: LlmClientOptions<R>): LlmClient<R> {
    if (!this.defined) {
      this.defined = true;
      for (const [name, type, contains] of LLM_METRICS) this.shared.options.defineMetric(name, type, contains);
    }
    return new LlmClient(this.shared, opts);
  }

  /** The run's LLM tallies (a distributed run or `--summary-export-raw` exports them). */
  get stats(): LlmRunStats {
    return this.shared.stats;
  }

  /** The LLM block of the summary and `--summary-export`'s `llm` key (nothing when no LLM request was made). */
  summary(ctx: SectionContext): SummarySection | undefined {
    return llmSection(this.shared.stats, this.shared.slos, ctx);
  }

  /** The run is over: stops the counting thread (counts still pending are refused). */
  close(): Promise<void> {
    return this.shared.counter.close();
  }
}
