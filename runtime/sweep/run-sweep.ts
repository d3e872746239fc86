/**
 * `llmload sweep` and sweep() from `llmload/api`: one prepared run (bundle,
 * VUs, tokenizer, prompt sets, warm-up, outputs, telemetry) and a loop of
 * steps, each the script's scenario at another load value. After every step
 * sweep.json is rewritten; at the end the table and the conclusions.
 * Like runTest(), it never exits the process and never rejects.
 */
import path from 'node:path';
import { Cleanup } from '../cleanup.js';
import { finishTest } from '../end-of-test.js';
import { ExitCode, invalidOption, isLlmloadError, LlmloadError } from '../errors.js';
import { createLoadHealthMonitor } from '../health/monitor.js';
import type { Prepared } from '../prepare.js';
import type { TelemetrySource } from '../plugin-api/telemetry.js';
import type { RunOutputs } from '../run-outputs.js';
import { beginTest, startRun, type RunOutcome, type RunRequest, type RunState } from '../run.js';
import { createVuAllocator, type VuAllocator } from '../scheduler/vu-allocator.js';
import { generateTestId } from '../test-id.js';
import { warmupPerVu, warmVus } from '../warmup.js';
import { parseSweepConfig } from './config.js';
import { newDocument, readResume, resumeFile, writeDocument, type SweepDocument } from './export.js';
import { requireFailures } from './gate.js';
import { phaseVu, type StepLabel } from './phase-vus.js';
import { analyse } from './result.js';
import { measurePoint, type SweepLoop } from './measure-point.js';
import { createStepSlos } from './slo.js';
import { nextStep, type NextStep, type SweepEnd } from './step-plan.js';
import type { SweepStep } from './step-result.js';
import { isArrivalScenario, sweptScenario } from './step-scenario.js';
import { renderSweepTable } from './table.js';

/** A run request plus the sweep's own settings. */
export interface SweepRequest extends RunRequest {
  /** Overrides of options.sweep (the CLI's flags, sweep()'s `sweep`). */
  sweep?: Record<string, unknown>;
  /** `--sweep-export FILE`. */
  sweepExport?: string;
  /** `--resume PATH`: a sweep.json (or its directory) to go on from. */
  resume?: string;
}

export interface SweepOutcome extends RunOutcome {
  /** The sweep as sweep.json has it; absent when it failed before its first step. */
  sweep?: SweepDocument;
}

export async function runSweep(req: SweepRequest): Promise<SweepOutcome> {
  const cleanup = new Cleanup();
  const run: RunState = { testid: generateTestId() };
  const box: { doc?: SweepDocument } = {};
  cleanup.add(() => req.con.close());
  try {
    return await sweepWithin(req, run, cleanup, box);
  } catch (err) {
    const failure = isLlmloadError(err) ? err : new LlmloadError('ERR_INTERNAL', err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { exitCode: failure.exitCode, testid: run.testid, failure, stopped: run.stopped, sweep: box.doc };
  } finally {
    await cleanup.release((err) => req.con.warn(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}

async function sweepWithin(req: SweepRequest, run: RunState, cleanup: Cleanup, box: { doc?: SweepDocument }): Promise<SweepOutcome> {
  const { con } = req;
  if ((req.flags.threads ?? 1) !== 1)
    throw invalidOption('threads', 'a sweep runs its steps in one thread (run each load with `llmload run --threads N` instead)');
  const { flags, prepared, outputs } = await startRun(req, run, cleanup);
  const { options, factory } = prepared;
  const plan = await planSweep(req, prepared, flags.script);
  const { cfg, doc } = plan;
  box.doc = doc;

  const { hardStop, stop, errors } = await beginTest(req, run, cleanup, { flags, prepared, outputs });

  let setupData: string | undefined;
  if (!options.noSetup && prepared.exports.includes('setup')) setupData = await factory.runLifecycle('setup', undefined, options.setupTimeout);
  const label: StepLabel = { step: 0, value: 0, clock: { phase: 'measure', measureStart: Number.NEGATIVE_INFINITY } };
  const pool = createVuAllocator(async (id) => phaseVu(await factory.createVu(id), label));
  cleanup.add(() => pool.disposeAll());
  await warmPool(prepared, pool, flags.warmup, con.warn);
  const services = await startServices(prepared, outputs, con.warn);
  const t0 = performance.now();
  const loop: SweepLoop = {
    prepared,
    cfg,
    pool,
    label,
    hardStop,
    setupData,
    errors,
    slos: plan.slos,
    plugins: req.plugins,
    progress: req.progress ?? [],
    stopAbort: (reason) => stop({ kind: 'abort', reason }),
    warn: con.warn,
    preconnect: flags.warmup !== false ? prepared.preconnect : undefined,
  };
  let end: SweepEnd;
  try {
    end = await stepLoop(loop, doc, plan.resumed, plan.exportFile, isArrivalScenario(plan.base), con.note);
  } catch (err) {
    // Whatever was measured before the failure still reaches the outputs.
    await services.stop();
    outputs.add(prepared.engine.drainBatch());
    await outputs.stop(err);
    throw err;
  }
  await services.stop();
  if (!options.noTeardown && prepared.exports.includes('teardown') && run.stopped?.kind !== 'abort') {
    await factory.runLifecycle('teardown', setupData, options.teardownTimeout);
  }
  const testRunDurationMs = performance.now() - t0;
  const contributors = [...prepared.contributors, ...outputs.contributors, services.health];
  // The whole sweep's summary goes to --summary-export; stdout gets the sweep's table instead of k6's summary.
  const summary = { ...flags, summary: false };
  const finished = await finishTest({ prepared, flags: summary, thresholds: undefined, outputs, errors, testRunDurationMs, con, contributors });
  doc.result = analyse(cfg, doc.steps, end);
  doc.status = run.stopped?.kind === 'signal' ? 'interrupted' : 'complete';
  if (plan.exportFile) await writeDocument(plan.exportFile, doc);
  const unit = (s: SweepStep) => (s.kind === 'rate' ? 'req/s' : 'VUs');
  con.stdout.write(renderSweepTable(doc.steps, doc.result, unit));
  return { exitCode: exitCodeOf(run, doc, con.error), testid: run.testid, stopped: run.stopped, summary: finished.summary, sweep: doc };
}

/** The sweep's settings, SLOs, document and resumed steps, all checked before anything runs. */
async function planSweep(req: SweepRequest, prepared: Prepared, script: string) {
  const { options } = prepared;
  // A sweep plans its own steps: a segment would silently run them whole on every instance.
  if (options.executionSegment !== undefined || options.executionSegmentSequence !== undefined) {
    throw invalidOption('executionSegment', 'llmload sweep runs its steps on one machine: it does not take execution segments');
  }
  const cwd = req.con.cwd;
  const cfg = parseSweepConfig({ ...((options.extra.sweep as Record<string, unknown> | undefined) ?? {}), ...req.sweep });
  const base = sweptScenario(options.scenarios, cfg.scenario);
  const sloSpecs = cfg.slo ?? options.thresholds;
  if (cfg.mode === 'slo-search' && Object.keys(sloSpecs).length === 0 && cfg.attainment === undefined) {
    throw invalidOption('options.sweep.slo', "mode 'slo-search' needs SLOs (sweep.slo, sweep.attainment or the script's thresholds)");
  }
  const slos = createStepSlos(sloSpecs, prepared.registry, cfg.attainment);
  const doc = newDocument(cfg, script, base.name, options.tags);
  const resumed = req.resume ? await readResume(resumeFile(cwd, req.resume), doc.fingerprint) : [];
  const exportFile = req.sweepExport ? path.resolve(cwd, req.sweepExport) : req.resume ? resumeFile(cwd, req.resume) : undefined;
  return { cfg, base, slos, doc, resumed, exportFile };
}

/** Telemetry, the load generator's health and the 100 ms flush to the outputs, around all the steps. */
async function startServices(prepared: Prepared, outputs: RunOutputs, warn: (m: string) => void) {
  const started: TelemetrySource[] = [];
  for (const t of prepared.telemetry) {
    await t.start();
    started.push(t);
  }
  const health = createLoadHealthMonitor({ sink: prepared.engine, tags: prepared.options.tags, warn });
  health.start();
  const flush = setInterval(() => outputs.add(prepared.engine.drainBatch()), 100);
  return {
    health,
    async stop() {
      clearInterval(flush);
      health.stop();
      // stop() takes each source's final sample, once.
      for (const t of started.splice(0)) await t.stop().catch((err: unknown) => warn(`telemetry ${t.name}: ${(err as Error).message}`));
    },
  };
}

/** The sweep's first VU, initialised and (unless --no-warmup) warmed up before any step. */
async function warmPool(prepared: Prepared, pool: VuAllocator, warmup: boolean | undefined, warn: (m: string) => void): Promise<void> {
  const vu = await pool.grow();
  // Its steps' schedules are not known yet (rate steps are arrival-paced): the full warm-up.
  await warmVus([vu], prepared, warmup, warn, warmupPerVu([]));
  pool.give(vu);
}

/** Steps until the plan ends or the sweep is stopped; sweep.json after each. */
async function stepLoop(
  loop: SweepLoop,
  doc: SweepDocument,
  resumed: readonly SweepStep[],
  exportFile: string | undefined,
  openLoop: boolean,
  note: (m: string) => void,
): Promise<SweepEnd> {
  const { cfg, hardStop } = loop;
  let ran = false;
  while (!hardStop.signal.aborted) {
    const planned = doc.steps.map((s) => ({ ...s, saturated: s.saturation.saturated }));
    const next = nextStep(cfg, planned, openLoop);
    if ('end' in next) return next.end;
    const index = doc.steps.length;
    const prior = resumed[index];
    if (prior && prior.value === next.value && prior.kind === next.kind) {
      doc.steps.push(prior);
      note(`sweep step ${index}: ${describe(next)} (resumed)`);
      continue;
    }
    const row = await measurePoint(loop, index, next, doc.steps, ran);
    ran = true;
    // A step cut short by a stop measured less than it should: it is left for --resume.
    if (hardStop.signal.aborted) break;
    doc.steps.push(row);
    if (exportFile) await writeDocument(exportFile, doc);
    const p95 = row.ttft.p95 === null ? '-' : `${row.ttft.p95.toFixed(0)}ms`;
    note(`sweep step ${index} done: ${describe(next)}: ${row.achievedRps.toFixed(2)} req/s, TTFT p95 ${p95}, ${row.pass ? 'pass' : 'FAIL'}`);
  }
  return { reason: 'planned' };
}

function describe(n: NextStep): string {
  return n.variable === 'vus' ? `${n.value} VUs (${n.kind})` : `${n.value} req/s`;
}

/** 105 after a signal, 108 after exec.test.abort(), 99 when `sweep.require` is not met, else 0. */
function exitCodeOf(run: RunState, doc: SweepDocument, error: (m: string) => void): number {
  if (run.stopped?.kind === 'signal') return ExitCode.EXTERNAL_ABORT;
  if (run.stopped?.kind === 'abort') {
    error(`test aborted by the script: ${run.stopped.reason}`);
    return ExitCode.SCRIPT_ABORTED;
  }
  const failures = requireFailures(doc.config.require, doc.result!);
  for (const f of failures) error(`sweep.require ${f}`);
  return failures.length > 0 ? ExitCode.THRESHOLDS_CROSSED : ExitCode.OK;
}
