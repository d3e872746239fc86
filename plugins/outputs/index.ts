import { invalidOption } from '../../runtime/errors.js';
import type { OutputContext, OutputFactory, OutputPlugin } from '../../runtime/output.js';
import { csvOutput } from './csv.js';
import { influxdb2Output, influxdbOutput } from './influxdb/index.js';
import { jsonOutput } from './json.js';

/** The outputs llmload ships: `--out json=…`, `--out csv=…`, `--out influxdb=…`, `--out influxdb2=…`. */
export const builtinOutputs: OutputFactory[] = [jsonOutput, csvOutput, influxdbOutput, influxdb2Output];

/** `json=results.json` → { name: 'json', arg: 'results.json' }; `json` → arg ''. */
export function parseOutputSpec(spec: string): { name: string; arg: string } {
  const eq = spec.indexOf('=');
  return eq < 0 ? { name: spec, arg: '' } : { name: spec.slice(0, eq), arg: spec.slice(eq + 1) };
}

export interface OutputRegistry {
  names(): string[];
  /** Creates an output from `name=arg`; an unknown name is an ERR_INVALID_OPTION listing the known ones. */
  create(spec: string, ctx: Omit<OutputContext, 'arg'>): OutputPlugin;
}

export function createOutputRegistry(factories: readonly OutputFactory[] = builtinOutputs): OutputRegistry {
  const byName = new Map<string, OutputFactory>();
  for (const f of factories) byName.set(f.name, f);
  return {
    names: () => [...byName.keys()],
    create(spec, ctx) {
      const { name, arg } = parseOutputSpec(spec);
      const factory = byName.get(name);
      if (!factory) {
        throw invalidOption(`--out ${spec}`, `unknown output "${name}" (known: ${[...byName.keys()].join(', ')})`);
      }
      return factory.create({ ...ctx, arg });
    },
  };
}
