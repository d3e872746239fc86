/**
 * Errors of workload builders. They run in init code (called from the
 * isolate), so they surface as the script's init exception: messages name
 * the object and option, e.g. `Prompts "isl": input: "mean" must be ...`.
 */
export class WorkloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkloadError';
  }
}

export function spec(where: string, problem: string): WorkloadError {
  return new WorkloadError(`${where}: ${problem}`);
}
