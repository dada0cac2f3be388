// The one list of stack ids (src/core/stack-ids.ts: the type, stack detection and the panel's
// first load use it, without loading the fix generators) is exactly the stacks src/core/fixes
// builds fixes for.
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../src/core/fixes/index';
import { isStackId, STACK_IDS } from '../../src/core/stack-ids';

describe('STACK_IDS', () => {
  it('is every stack of STACKS, in the same order, once', () => {
    expect([...STACK_IDS]).toEqual(STACKS.map((s) => s.id));
  });

  it('isStackId accepts a known id only', () => {
    for (const id of STACK_IDS) expect(isStackId(id)).toBe(true);
    for (const v of ['Express', 'express ', '', 'toString', '__proto__', null, undefined, 3, {}]) expect(isStackId(v)).toBe(false);
  });
});
