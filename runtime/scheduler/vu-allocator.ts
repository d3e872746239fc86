import type { Vu } from '../vu/types.js';

/**
 * The test-wide set of initialised VUs. Scenarios borrow idle VUs and give
 * them back; a VU belongs to at most one scenario at a time (as in k6).
 * `vus_max` is how many have been initialised, `vus` how many are borrowed.
 */
export interface VuAllocator {
  /** An idle initialised VU, or undefined when none is idle. */
  take(): Vu | undefined;
  /** Initialises one more VU (counts towards vus_max). */
  grow(): Promise<Vu>;
  /** Takes an idle VU or initialises one. */
  takeOrGrow(): Promise<Vu>;
  give(vu: Vu): void;
  readonly initialised: number;
  readonly borrowed: number;
  disposeAll(): void;
}

export function createVuAllocator(createVu: (id: number) => Promise<Vu>): VuAllocator {
  const idle: Vu[] = [];
  const all: Vu[] = [];
  let nextId = 1;
  let borrowed = 0;

  async function grow(): Promise<Vu> {
    const vu = await createVu(nextId++);
    all.push(vu);
    borrowed++;
    return vu;
  }

  return {
    take() {
      const vu = idle.pop();
      if (vu) borrowed++;
      return vu;
    },
    grow,
    async takeOrGrow() {
      const vu = idle.pop();
      if (vu) {
        borrowed++;
        return vu;
      }
      return grow();
    },
    give(vu) {
      borrowed--;
      idle.push(vu);
    },
    get initialised() {
      return all.length;
    },
    get borrowed() {
      return borrowed;
    },
    disposeAll() {
      for (const vu of all) vu.dispose();
      all.length = 0;
      idle.length = 0;
    },
  };
}
