// The Node flags every llmload process starts with: the bin's shebang names
// the same list (test/unit/node-flags.test.ts holds the two together), the bin
// passes it when it re-runs itself, and bench/ starts dist/cli.js with it so
// that the benchmarks measure what users run.
//
// --no-node-snapshot: isolated-vm needs it on Node >= 20.
// --no-memory-reducer: V8's memory reducer starts mark-compact GCs to shrink
// the heap whenever the allocation rate drops, which for a load generator is
// any light or idle phase of a test: CPU taken from the machine under test to
// return memory that the next stage allocates again (bench/README.md, "Idle
// at 100/s: V8's memory reducer").
export const NODE_FLAGS = ['--no-node-snapshot', '--no-memory-reducer'];
