import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapGrowingFlag, semiSpaceFlag } from './heap-tuning.ts';

test("heap growth: doubling by default; FERRY_HEAP_GROWING_PERCENT chooses, 0 keeps V8's policy; a node option wins", () => {
  assert.equal(heapGrowingFlag({}, []), '--heap-growing-percent=100');
  assert.equal(heapGrowingFlag({ FERRY_HEAP_GROWING_PERCENT: '50' }, []), '--heap-growing-percent=50');
  assert.equal(heapGrowingFlag({ FERRY_HEAP_GROWING_PERCENT: '0' }, []), undefined);
  assert.equal(heapGrowingFlag({}, ['--heap-growing-percent=30']), undefined);
  assert.equal(heapGrowingFlag({ NODE_OPTIONS: '--max-old-space-size=512 --heap_growing_percent=20' }, []), undefined);
  assert.throws(
    () => heapGrowingFlag({ FERRY_HEAP_GROWING_PERCENT: 'lots' }, []),
    /FERRY_HEAP_GROWING_PERCENT must be a whole number/,
  );
});

test("young generation: kept at its initial size by default; FERRY_SEMI_SPACE_GROWTH chooses, 0 keeps V8's policy", () => {
  assert.equal(semiSpaceFlag({}, []), '--semi-space-growth-factor=1');
  assert.equal(semiSpaceFlag({ FERRY_SEMI_SPACE_GROWTH: '2' }, []), '--semi-space-growth-factor=2');
  assert.equal(semiSpaceFlag({ FERRY_SEMI_SPACE_GROWTH: '0' }, []), undefined);
  assert.equal(semiSpaceFlag({}, ['--max-semi-space-size=8']), undefined);
  assert.equal(semiSpaceFlag({ NODE_OPTIONS: '--semi_space_growth_factor=3' }, []), undefined);
  assert.throws(() => semiSpaceFlag({ FERRY_SEMI_SPACE_GROWTH: '1.5' }, []), /FERRY_SEMI_SPACE_GROWTH must be/);
});
