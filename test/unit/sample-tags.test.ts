// A VU's sample tags: a check's set is the group's plus `check`, built once per group and name.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_TAGS, systemTagSet } from '../../runtime/options/system-tags.js';
import { SampleTags } from '../../runtime/vu/sample-tags.js';

describe('SampleTags.forCheck', () => {
  it("is the group's set plus check, frozen and the same object on every check of that name", () => {
    const t = new SampleTags();
    t.setSystem(DEFAULT_SYSTEM_TAGS, 3);
    t.setBase({ run: 'r1', scenario: 's' });
    const a = t.forCheck('::g', 'is 200');
    expect(a).toEqual({ run: 'r1', scenario: 's', group: '::g', check: 'is 200' });
    expect(Object.isFrozen(a)).toBe(true);
    expect(t.forCheck('::g', 'is 200')).toBe(a);
    expect(t.forCheck('', 'is 200')).toEqual({ run: 'r1', scenario: 's', group: '', check: 'is 200' });
    // New base tags (a new scenario) rebuild it.
    t.setBase({ run: 'r1', scenario: 't' });
    expect(t.forCheck('::g', 'is 200')).toEqual({ run: 'r1', scenario: 't', group: '::g', check: 'is 200' });
  });

  it('follows iter per iteration, and leaves check out when systemTags does', () => {
    const t = new SampleTags();
    t.setSystem(systemTagSet(['iter', 'check']), 1);
    t.setIteration(0);
    expect(t.forCheck('', 'ok')).toEqual({ iter: '0', check: 'ok' });
    t.setIteration(1);
    expect(t.forCheck('', 'ok')).toEqual({ iter: '1', check: 'ok' });
    const u = new SampleTags();
    u.setSystem(systemTagSet(['group']), 1);
    expect(u.forCheck('::g', 'ok')).toBe(u.forGroup('::g'));
  });

  it('keeps at most 256 names per group (names made per iteration would grow it), and stays right past that', () => {
    const t = new SampleTags();
    for (let i = 0; i < 300; i++) t.forCheck('', `check ${i}`);
    expect(t.forCheck('', 'check 10')).toBe(t.forCheck('', 'check 10'));
    const late = t.forCheck('', 'check 299');
    expect(late).toEqual({ group: '', check: 'check 299' });
    expect(t.forCheck('', 'check 299')).not.toBe(late);
  });
});
