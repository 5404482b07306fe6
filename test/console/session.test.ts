// The console in Chromium: sign-in (a wrong token shows the host's words), sign-out, the dashboard with both demo
// connectors, the read-only role refused a change, and a change without the CSRF header refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN_TOKEN,
  type ConsoleRig,
  READONLY_TOKEN,
  screenshot,
  signedIn,
  startConsoleRig,
} from '../helpers/console-browser.ts';

describe('console sign-in, roles and CSRF (Chromium)', () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig();
  });
  after(() => rig?.stop());

  test('a wrong token shows the error; the admin token signs in and out', async () => {
    const ctx = await rig.context();
    const page = await ctx.newPage();
    const t0 = performance.now();
    await page.goto(rig.url);
    await page.getByLabel('Admin token').waitFor();
    const firstPageMs = performance.now() - t0;
    // The browser's own account of the load: a fresh page with nothing cached.
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoadedMs: n.domContentLoadedEventEnd, loadMs: n.loadEventEnd };
    });
    await screenshot(page, 'sign-in');
    await page.getByLabel('Admin token').fill('not-the-admin-token-000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(String(await alert.textContent()), /Wrong token/);
    await screenshot(page, 'sign-in-wrong-token');

    // By keyboard: the token, then Enter.
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal(await page.getByText('Administrator').count(), 1);
    // The first Tab reaches "Skip to content", which moves the focus to the page's content; the next the pages.
    await page.locator('body').press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Audit log');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'ferry_console');
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Strict');

    // A reload keeps the session (the cookie), and sign-out ends it.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    assert.equal((await ctx.cookies()).filter((c) => c.name === 'ferry_console').length, 0);
    await ctx.close();
    console.log(
      `first page: sign-in form shown ${firstPageMs.toFixed(0)} ms after goto; DOMContentLoaded ${nav.domContentLoadedMs.toFixed(0)} ms, load ${nav.loadMs.toFixed(0)} ms`,
    );
  });

  test('the dashboard shows both demo connectors with their health, light, dark and narrow', async () => {
    for (const v of [
      { name: 'dashboard', opts: {} },
      { name: 'dashboard-dark', opts: { dark: true } },
      { name: 'dashboard-narrow', opts: { width: 400, height: 800 } },
    ]) {
      const { ctx, page } = await signedIn(rig, ADMIN_TOKEN, v.opts);
      for (const name of ['APP1', 'SCIMAPP']) {
        await page.getByRole('heading', { name: new RegExp(`^${name}`) }).waitFor();
      }
      await page.getByRole('img', { name: /Operations per interval/ }).waitFor();
      const text = String(await page.locator('main').textContent());
      assert.match(text, /Last import/);
      assert.match(text, /Application/);
      // The charts' labels keep their size on every width: the drawing is not scaled down to fit a narrow window,
      // and the time labels that fit do not overlap.
      const labels = await page.locator('figure.chart svg text').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, height: r.height, y: r.top };
        }),
      );
      assert.ok(labels.length >= 6, `${labels.length} labels`);
      for (const l of labels) assert.ok(l.height >= 12, `a label ${l.height.toFixed(1)} px high at ${v.name}`);
      const row = labels.filter((l) => l.y === Math.max(...labels.map((x) => x.y))).sort((a, b) => a.left - b.left);
      for (let i = 1; i < row.length; i++)
        assert.ok(row[i]!.left > row[i - 1]!.right, `time labels overlap (${v.name})`);
      await screenshot(page, v.name);
      await ctx.close();
    }
  });

  test('the read-only role sees change controls disabled, and a forced change shows the 403', async () => {
    const { ctx, page } = await signedIn(rig, READONLY_TOKEN);
    assert.equal(await page.getByText('Read-only', { exact: true }).count(), 1);
    await page.goto(`${rig.url}#/runs?c=SCIMAPP`);
    const start = page.getByRole('button', { name: 'Start full import' });
    await start.waitFor();
    assert.equal(await start.isDisabled(), true);
    // Enable the button by hand, as someone editing the page might: the host still refuses.
    await start.evaluate((b) => b.removeAttribute('disabled'));
    await start.click();
    const alert = page.getByRole('alert').filter({ hasText: 'HTTP 403' });
    await alert.waitFor();
    assert.match(String(await alert.textContent()), /read-only role cannot make changes/);
    await screenshot(page, 'read-only-refused');
    await ctx.close();
  });

  test('a change without the CSRF header is refused 403, with it accepted', async () => {
    const { ctx, page } = await signedIn(rig);
    const base = `${rig.url}api`;
    // The page's own origin and cookie, as a forged request riding on the session would have.
    const without = await page.evaluate(async (u) => {
      const r = await fetch(`${u}/connectors/SCIMAPP/test`, { method: 'POST' });
      return { status: r.status, body: await r.json() };
    }, base);
    assert.equal(without.status, 403);
    assert.match(without.body.error, /X-CSRF-Token/);
    const csrf = await page.evaluate(async (u) => (await (await fetch(`${u}/session`)).json()).csrfToken, base);
    const withHeader = await page.evaluate(
      async ([u, t]) =>
        (await fetch(`${u}/connectors/SCIMAPP/test`, { method: 'POST', headers: { 'X-CSRF-Token': t } })).status,
      [base, csrf] as const,
    );
    assert.equal(withHeader, 200);
    await ctx.close();
  });
});
