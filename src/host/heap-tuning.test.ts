import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapGrowingFlag } from './heap-tuning.ts';

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
