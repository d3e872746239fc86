// The mock server's worker thread (dist/mock-worker.js): see runtime/mock/worker.ts.
import { runMockWorker } from './worker.js';

runMockWorker();
