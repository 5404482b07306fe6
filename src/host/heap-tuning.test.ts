import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapGrowingFlag, youngGenerationCap } from './heap-tuning.ts';

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

test("young generation: capped at 8 MB by default; FERRY_YOUNG_GENERATION_MB chooses, 0 keeps V8's policy", () => {
  const MB = 1024 * 1024;
  assert.equal(youngGenerationCap({}, []), 8 * MB);
  assert.equal(youngGenerationCap({ FERRY_YOUNG_GENERATION_MB: '16' }, []), 16 * MB);
  assert.equal(youngGenerationCap({ FERRY_YOUNG_GENERATION_MB: '0' }, []), undefined);
  assert.equal(youngGenerationCap({}, ['--max-semi-space-size=8']), undefined);
  assert.equal(youngGenerationCap({ NODE_OPTIONS: '--semi_space_growth_factor=3' }, []), undefined);
  assert.throws(
    () => youngGenerationCap({ FERRY_YOUNG_GENERATION_MB: '1.5' }, []),
    /FERRY_YOUNG_GENERATION_MB must be/,
  );
});
