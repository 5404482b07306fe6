// The behaviour every paging strategy must show, as a node:test suite run against a real server holding N
// items (N = 0, 1, pageSize, pageSize + 1, 1001): every item exactly once and in order, with the expected
// number of requests; and the loop guard firing for a server stuck on one cursor or link, or never ending.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService } from '../http/client.ts';
import { items, startItemServer, type ItemServerMode } from './item-server.ts';
import type { PagingSettings } from '../http/paging/config.ts';
import { PagingLoopError, paginate, type PaginateOptions } from '../http/paging/paginate.ts';

/** A strategy under test. */
export interface PagingFixture {
  settings: PagingSettings;
  /** The page size the settings ask for (the server honours limit/count/size). */
  pageSize: number;
  /** Requests a full read of n items takes. */
  expectedRequests(n: number): number;
}

/** Pages stopped by a short or empty page: one more request when n is a multiple of the page size. */
export const untilShortPage = (pageSize: number) => (n: number) => Math.floor(n / pageSize) + 1;
/** Pages stopped by the application (no cursor, no link, or the total reached). */
export const untilTold = (pageSize: number) => (n: number) => Math.max(1, Math.ceil(n / pageSize));

const RECORDS = 'data.items';

/** Runs the shared paginator contract for one strategy. */
export function runPaginatorContract(name: string, fx: PagingFixture): void {
  // Read plainly and one page ahead: both must send the same requests and see the same items.
  for (const readAhead of [false, true])
    runPaginatorContractMode(`${name}${readAhead ? ', read ahead' : ''}`, fx, readAhead);
}

function runPaginatorContractMode(name: string, fx: PagingFixture, readAhead: boolean): void {
  describe(`Paginator contract: ${name}`, () => {
    const read = async (n: number, mode: ItemServerMode, given: PaginateOptions = {}) => {
      const opts = { ...given, readAhead };
      const srv = await startItemServer(n, mode);
      const svc = new HttpService({ baseUrl: srv.url });
      const seen: unknown[] = [];
      let pages = 0;
      try {
        for await (const page of paginate(svc, { method: 'GET', path: '/items' }, fx.settings, RECORDS, opts)) {
          pages++;
          seen.push(...page.items);
        }
        return { seen, pages, requests: srv.requests() };
      } finally {
        await svc.close();
        await srv.close();
      }
    };

    for (const n of [0, 1, fx.pageSize, fx.pageSize + 1, 1001]) {
      test(`${n} items: each exactly once, in order, in ${fx.expectedRequests(n)} requests`, async () => {
        const { seen, pages, requests } = await read(n, 'normal');
        assert.deepEqual(seen, items(n));
        assert.equal(requests, fx.expectedRequests(n));
        assert.equal(pages, requests);
      });
    }

    test('the loop guard stops a server that keeps returning the same page, cursor or link', async () => {
      const e = await read(1001, 'stuck').then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof PagingLoopError, `expected a PagingLoopError, got ${String(e)}`);
      assert.ok(e.reason === 'sameRequest' || e.reason === 'repeatedPage', e.reason);
      assert.equal(e.kind, 'invalidResponse');
      assert.match(e.message, /endless loop/);
    });

    test('the loop guard stops a collection that never ends at maxPages', async () => {
      const e = await read(0, 'endless', { maxPages: 5 }).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof PagingLoopError, `expected a PagingLoopError, got ${String(e)}`);
      assert.equal(e.reason, 'maxPages');
      assert.match(e.message, /more than 5 pages/);
    });
  });
}
