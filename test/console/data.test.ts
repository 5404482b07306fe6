// The console in Chromium reads and runs: an import with its progress, a connector-space search and an object's
// detail, a provisioning-log filter and its CSV and JSON downloads, and a discovery preview from an OpenAPI file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TOKEN } from '../helpers/test-host.ts';
import { type ConsoleRig, screenshot, signedIn, startConsoleRig } from '../helpers/console-browser.ts';

const OPENAPI = fileURLToPath(new URL('../../examples/demo-app/openapi.yaml', import.meta.url));
const SEED = 40;

const user = (n: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `console.user${n}@example.com`,
  name: { givenName: 'Console', familyName: `User${n}` },
  emails: [{ type: 'work', value: `console.user${n}@example.com`, primary: true }],
});

describe('console runs, space, log and discovery (Chromium)', () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig({ seed: SEED });
    // Something in the provisioning log: two creates, and a third refused as a duplicate.
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users', TOKEN, { method: 'POST', json: user(1) }), 201);
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users', TOKEN, { method: 'POST', json: user(2) }), 201);
    assert.equal(await rig.scimStatus('SCIMAPP', '/Users', TOKEN, { method: 'POST', json: user(1) }), 409);
  });
  after(() => rig?.stop());

  test('a full import shows its progress per object type, then the result and the history', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.goto(`${rig.url}#/runs?c=SCIMAPP`);
    await page.getByRole('button', { name: 'Start full import' }).click();
    await page.getByText(/Full import finished in/).waitFor();
    // Each object type's bar, labelled with the pages and objects read of the space's size before the run.
    const bar = page.getByRole('progressbar', {
      name: new RegExp(`^User: 1 pages?, objects read \\(${SEED + 2} of ${SEED + 2}\\)`),
    });
    assert.equal(await bar.count(), 1);
    assert.equal(await page.getByRole('progressbar', { name: /^Group: / }).count(), 1);
    await screenshot(page, 'runs');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connection works/).waitFor();
    // Each call the test made, with its request, status and outcome.
    const calls = page.getByRole('list', { name: 'Calls made' }).getByRole('listitem');
    assert.ok((await calls.count()) >= 1);
    assert.match((await calls.first().textContent()) ?? '', /ok acme: GET \/api\/v1\/changes\/latest answered 200 in /);
    await screenshot(page, 'runs-test-connection');
    await ctx.close();
  });

  test('the connector space is searched by an attribute and an object opened with its history', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.goto(`${rig.url}#/space?c=SCIMAPP&t=User`);
    await page.getByRole('table').getByRole('link').first().waitFor();
    await screenshot(page, 'space');
    await page.getByLabel('Attribute').fill('userName');
    await page.getByLabel('equals').fill('console.user2@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table').first().getByRole('link');
    await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr').length === 1);
    await rows.first().click();
    const detail = page.getByRole('region', { name: /^Object / });
    await detail.waitFor();
    await detail.getByText('console.user2@example.com').first().waitFor();
    await detail.getByText(/^CN=/).waitFor();
    await detail.getByText('create').first().waitFor();
    await screenshot(page, 'space-object');
    await ctx.close();
  });

  test('the provisioning log is filtered by result and downloaded as CSV and JSON', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.getByRole('link', { name: 'Provisioning log' }).click();
    await page.getByLabel('Result').selectOption('failure');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table.log tbody tr')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('failure'));
    });
    await page.locator('table.log tbody tr').first().getByRole('button').click();
    await page.locator('.entry').waitFor();
    assert.match(String(await page.locator('.entry').textContent()), /What to do|conflict|exists|uniq/i);
    await screenshot(page, 'logs-failure');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    const lines = csvText.trim().split(/\r?\n/);
    assert.ok(lines.length >= 2, 'a header and at least one record');
    assert.ok(
      lines.slice(1).every((l) => l.includes('failure')),
      'only failures',
    );
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download JSON' }).click(),
    ]);
    const records = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { status: string }[];
    assert.ok(records.length >= 1);
    assert.ok(records.every((r) => r.status === 'failure'));

    // A time range: the host filters by it (until excluded), and the downloads carry it.
    await page.getByLabel('To', { exact: true }).fill('2000-01-01T00:00');
    await page.getByText('No entry matches.').waitFor();
    assert.match(
      decodeURIComponent((await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href')) ?? ''),
      /until=2000-01-01T\d\d:\d\d:00\.000Z/,
    );
    await page.getByLabel('To', { exact: true }).fill('2999-01-01T00:00');
    await page.locator('table.log tbody tr').first().waitFor();
    await ctx.close();
  });

  test('discovery from an OpenAPI file: a preview that writes nothing, then applied with the flows untouched', async () => {
    const { ctx, page } = await signedIn(rig);
    await page.goto(`${rig.url}#/project?c=SCIMAPP`);
    await page.getByRole('heading', { name: 'Services and operations' }).waitFor();
    await screenshot(page, 'project');
    const projectFile = rig.configFile.replace(/demo\/ferry\.yaml$/, 'demo-app/acme-project.yaml');
    const before = readFileSync(projectFile, 'utf8');
    await page.getByLabel('Kind').selectOption('rest');
    await page.getByLabel('or a file').setInputFiles(OPENAPI);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /What would change/ }).waitFor();
    await screenshot(page, 'project-discover-preview');
    const after = readFileSync(projectFile, 'utf8');
    assert.equal(after, before, 'a preview writes nothing');
    assert.match(String(await page.locator('.preview').textContent()), /Added \(\d+\)/);

    await page.getByRole('button', { name: 'Write into the project' }).click();
    await page.getByText('Written into the project.').waitFor();
    const written = readFileSync(projectFile, 'utf8');
    assert.notEqual(written, before, 'applied: the project changed');
    assert.equal(
      written.slice(written.indexOf('\nflows:')),
      before.slice(before.indexOf('\nflows:')),
      'flows untouched',
    );
    await ctx.close();
  });
});
