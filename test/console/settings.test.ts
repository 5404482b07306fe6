// The console in Chromium changes the configuration: a connector setting edited and applied by the reload (the
// YAML file's comments kept), the New connector wizard producing a connector that answers SCIM with its token,
// and a token rotation in which the old token works during the overlap and not after.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOKEN } from '../helpers/test-host.ts';
import { type ConsoleRig, screenshot, signedIn, startConsoleRig } from '../helpers/console-browser.ts';

/** What the console shows of a token: the first 12 hex digits of its SHA-256. */
const tokenFingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

describe('console settings, new connector and token rotation (Chromium)', () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig();
  });
  after(() => rig?.stop());

  test('an edited setting is checked as typed, saved with the comments kept and applied by the reload', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.goto(`${rig.url}#/connectors/SCIMAPP`);
    const field = page.getByLabel('autosyncMinutes', { exact: true });
    await field.waitFor();
    assert.equal(await field.inputValue(), '120');
    // Checked as you type, against the host's JSON Schema.
    await field.fill('-5');
    await page
      .getByText('5 ≥ 0')
      .or(page.getByText(/minimum|≥|>=/))
      .first()
      .waitFor();
    await screenshot(page, 'connector-problem');
    await field.fill('45');
    await page.getByRole('button', { name: 'Capabilities' }).click();
    await page.getByLabel('objectConfirmation').selectOption('trust');
    await screenshot(page, 'connector-capabilities');
    await page.getByRole('button', { name: 'Save and reload' }).click();
    await page.getByText(/Saved .*and reloaded/).waitFor();
    await screenshot(page, 'connector-saved');

    const yaml = readFileSync(rig.configFile, 'utf8');
    assert.match(yaml, /autosyncMinutes: 45/);
    assert.match(yaml, /objectConfirmation: trust/);
    assert.match(yaml, /# SCIM style: core User \(name, emails, phone numbers and active\)|# SCIM style: core User/);
    assert.match(yaml, /# The core Group has no description/);
    assert.equal((yaml.match(/autosyncMinutes: 120/g) ?? []).length, 1, 'APP1 keeps its setting');
    const running = rig.host.connectors.find((c) => c.config.name === 'SCIMAPP');
    assert.equal(running?.config.autosyncMinutes, 45, 'the running host has the new setting');
    assert.equal(running?.config.capabilities.objectConfirmation, 'trust');

    // Selected attributes are picked from the project's schema.
    await page.goto(`${rig.url}#/connectors/APP1?page=attributes`);
    const picker = page.getByRole('group', { name: "Attributes of User in the project's schema" });
    await picker.getByLabel('mobile', { exact: true }).uncheck();
    const words = page.locator('#f-objectTypes-0-attributes');
    assert.doesNotMatch(await words.inputValue(), /\bmobile\b/);
    assert.match(await words.inputValue(), /\btelephoneNumber\b/);
    await screenshot(page, 'connector-attributes');
    await page.getByRole('button', { name: 'Undo changes' }).click();
    assert.match(await words.inputValue(), /\bmobile\b/);
    await ctx.close();
  });

  test('the New connector wizard makes a connector whose token a SCIM client can use', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByLabel('name', { exact: true }).fill('NEWAPP');
    await page.getByLabel('exposure').selectOption('ecma');
    await screenshot(page, 'new-connector');
    await page.getByRole('button', { name: /^Next: Connectivity/ }).click();
    await page.getByLabel('project', { exact: true }).fill('../demo-app/acme-project.yaml');
    await page.getByLabel('baseUrl').fill('${env:FERRY_DEMO_APP_URL}');
    await page.getByRole('button', { name: /^3\. Capabilities/ }).click();
    await page.getByRole('button', { name: /^4\. Global parameters/ }).click();
    await page.getByRole('button', { name: 'Add to parameters' }).click();
    await page.getByLabel('Name 1').fill('apiKey');
    await page.getByLabel('Value of apiKey').fill('${env:FERRY_DEMO_APP_KEY}');
    await page.getByRole('button', { name: /^8\. Selected attributes/ }).click();
    await page.getByLabel('attributes', { exact: true }).fill('userName, firstName, lastName, email, active');
    await screenshot(page, 'new-connector-attributes');
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: 'Connector NEWAPP is running' }).waitFor();
    await screenshot(page, 'new-connector-created');
    const token = await page.getByLabel('Secret token').inputValue();
    const tenantUrl = await page.getByLabel('Tenant URL').inputValue();
    assert.match(tenantUrl, /\/ecma2host_NEWAPP\/scim$/);
    assert.ok(token.length >= 32, 'a strong token');
    assert.equal(await rig.scimStatus('NEWAPP', '/Users?count=1', token), 200);
    assert.equal(await rig.scimStatus('NEWAPP', '/Users?count=1', TOKEN), 401, 'only its own token');
    assert.doesNotMatch(readFileSync(rig.configFile, 'utf8'), new RegExp(token), 'the token is not written in clear');

    // Deleted again from its settings page, after a confirmation.
    await page.goto(`${rig.url}#/connectors/NEWAPP`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete connector' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    assert.doesNotMatch(readFileSync(rig.configFile, 'utf8'), /NEWAPP/);
    assert.equal(await rig.scimStatus('NEWAPP', '/Users?count=1', token), 404);
    await ctx.close();
  });

  test('a rotated token: the old one works during the overlap and not after', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.getByRole('link', { name: 'Certificates and tokens' }).click();
    const overlap = page.locator('#overlap-SCIMAPP');
    await overlap.waitFor();
    await screenshot(page, 'certificates');
    // The generated certificate renewed on demand: a new fingerprint, this page's connection kept.
    const fingerprint = page.locator('dt:text-is("SHA-256") + dd');
    const old = await fingerprint.textContent();
    await page.getByRole('button', { name: 'Renew the certificate' }).click();
    await page.getByText(/^Renewed;/).waitFor();
    await page.waitForFunction((o) => document.querySelector('code.wrap')?.textContent !== o, old);
    // 0.1 minutes: six seconds of overlap, so the test can see it end.
    await overlap.fill('0.1');
    await page.getByRole('button', { name: 'Rotate token of SCIMAPP' }).click();
    const fresh = page.locator('#new-SCIMAPP');
    await fresh.waitFor();
    const newToken = await fresh.inputValue();
    const t0 = Date.now();
    assert.notEqual(newToken, TOKEN);
    await screenshot(page, 'token-rotated');
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users?count=1', newToken), 200, 'the new token works');
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users?count=1', TOKEN), 200, 'the old one during the overlap');
    assert.ok(Date.now() - t0 < 6000, 'checked within the overlap');
    // The card shows fingerprints of the new token and of the old one with its overlap, never a token or reference.
    const card = page.getByRole('region', { name: 'SCIMAPP' });
    await card.getByText(`Previous token ${tokenFingerprint(TOKEN)} works until`).waitFor();
    const shown = String(await card.textContent());
    assert.match(shown, new RegExp(`Current token fingerprint ${tokenFingerprint(newToken)}`));
    assert.doesNotMatch(shown, /\$\{(env|file):/);
    await sleep(6500 - (Date.now() - t0));
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users?count=1', TOKEN), 401, 'the old one after the overlap');
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users?count=1', newToken), 200);
    await ctx.close();
  });

  test('the audit log lists the changes with before and after, the secrets masked', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('table.list tbody tr');
    await rows.first().waitFor();
    const text = String(await page.locator('main').textContent());
    for (const route of ['PUT /connectors/:name/config', 'POST /connectors', 'POST /connectors/:name/token/rotate'])
      assert.ok(text.includes(route), `${route} is recorded`);
    const edit = rows.filter({ hasText: 'PUT /connectors/:name/config' }).first();
    await edit.getByText(/^Before and after/).click();
    const change = String(await edit.textContent());
    assert.match(change, /autosyncMinutes: 120 → 45/);
    assert.match(change, /"autosyncMinutes": 120/);
    assert.doesNotMatch(text, new RegExp(TOKEN), 'no token in clear');
    await page.getByLabel('Object').fill('SCIMAPP');
    await page.getByLabel('Object').press('Enter');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table.list tbody tr')].every((r) => r.textContent?.includes('SCIMAPP')),
    );
    await screenshot(page, 'audit');
    await ctx.close();
  });
});
