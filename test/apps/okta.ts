// Okta's own SCIM 2.0 test (test/conformance/vendor), run against one connector of a host in this process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { conformanceDir } from '../helpers/shared.ts';
import { TOKEN } from '../helpers/test-host.ts';

/** Runs Okta's test against a SCIM base URL; its output (the last line counts passed and failed checks). */
export async function runOkta(base: string): Promise<string> {
  const dir = conformanceDir();
  const r = await promisify(execFile)(
    process.execPath,
    [join(dir, 'okta-runner.mjs'), join(dir, 'Okta-SCIM-20-SPEC-Test.json'), base, TOKEN],
    { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 120_000 },
  ).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({
    stdout: e.stdout ?? '',
    stderr: `${e.stderr ?? ''} exit ${e.code}`,
  }));
  return r.stdout + r.stderr;
}
