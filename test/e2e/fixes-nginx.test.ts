// Debian's nginx runs the generated nginx fixes: every snippet passes `nginx -t`, and one is
// served for real in front of the misconfigured lab API (nginx answers the preflight and
// replaces the app's CORS headers), after which the lab's failing request passes in Chromium.
// Needs /usr/sbin/nginx: .ci/run installs Debian's nginx-light.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios, findScenario } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { freePort } from '../fixtures/fixes/processes';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

const NGINX = '/usr/sbin/nginx';

function requireNginx(): void {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: these tests need Debian's nginx (.ci/run: apt-get install -y nginx-light).`);
  }
}

/** A whole nginx.conf around one snippet, everything kept inside `dir`. */
function mainConfig(dir: string, snippet: string): string {
  return [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events {}',
    'http {',
    '    access_log off;',
    `    client_body_temp_path ${dir}/tmp/body;`,
    `    proxy_temp_path ${dir}/tmp/proxy;`,
    `    fastcgi_temp_path ${dir}/tmp/fastcgi;`,
    `    uwsgi_temp_path ${dir}/tmp/uwsgi;`,
    `    scgi_temp_path ${dir}/tmp/scgi;`,
    snippet,
    '}',
    '',
  ].join('\n');
}

describe('nginx -t accepts every generated nginx fix', () => {
  beforeAll(requireNginx);
  const fixes: Array<[string, Fix]> = scenarios.map((s) => {
    const ex = labExchange(s);
    return [s.id, fixesFor(diagnose(ex), ex).find((f) => f.stack === 'nginx')!];
  });
  it.each(fixes)('%s', (_id, fix) => {
    const dir = mkdtempSync(join(tmpdir(), 'cors-doctor-nginx-t-'));
    try {
      mkdirSync(join(dir, 'tmp'));
      const snippet = fix.snippet.replace('# ... your listen / server_name ...', 'listen 127.0.0.1:65000;');
      writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir, snippet));
      const r = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/syntax is ok/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a generated nginx fix, served by nginx in front of the lab API, makes the request pass in Chromium', () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    requireNginx();
    lab = await startLab();
    ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  });
  afterAll(async () => {
    await ext?.close();
    await lab?.close();
  });

  it('preflight-404: nginx answers OPTIONS with 204 and replaces the app\'s ACAO', async () => {
    const id = 'preflight-404';
    const page = await ext.context.newPage();
    await page.goto(lab.scenarioUrl(id));
    expect((await labResult(page)).ok).toBe(false);
    const tabId = await ext.tabIdOf(page);
    const captured = await pollUntil(async () => (await ext.failures(tabId)).find((f) => f.exchange.request.url.includes(`/s/${id}?`)), { what: 'the capture' });
    await page.close();
    const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'nginx')!;

    const dir = mkdtempSync(join(tmpdir(), 'cors-doctor-nginx-'));
    mkdirSync(join(dir, 'tmp'));
    const port = await freePort();
    // The app behind nginx is the misconfigured lab API itself.
    const snippet = fix.snippet
      .replace('# ... your listen / server_name ...', `listen 127.0.0.1:${port};`)
      .replace('proxy_pass http://127.0.0.1:3000;', `proxy_pass ${lab.apiOrigin};`);
    writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir, snippet));
    let out = '';
    const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off; master_process off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await pollUntil(
        () =>
          new Promise<boolean | undefined>((resolve) => {
            const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
            c.on('error', () => resolve(undefined));
          }),
        { what: `nginx to listen (${out})` },
      );
      const fixedPage = await ext.context.newPage();
      await fixedPage.goto(lab.indexUrl);
      const spec = findScenario(id)!.spec;
      const target = `http://127.0.0.1:${port}/s/${id}?fixed=1`;
      const result = await fixedPage.evaluate(
        async ({ target, spec }) => {
          try {
            const res = await fetch(target, { method: spec.method, headers: spec.headers as [string, string][], body: spec.body });
            return { ok: true, status: res.status, acao: res.headers.get('Access-Control-Allow-Origin') };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { target, spec },
      );
      expect(result, out).toMatchObject({ ok: true, status: 200 });
      const fixedTab = await ext.tabIdOf(fixedPage);
      expect(await ext.badgeText(fixedTab)).toBe('');
      const fence = `${lab.apiOrigin}/s/preflight-404?fence=${Date.now()}`;
      await fixedPage.evaluate((u) => fetch(u, { method: 'PUT', headers: { 'X-Custom': 'fence' } }).catch(() => undefined), fence);
      const failures = await pollUntil(async () => {
        const f = await ext.failures(fixedTab);
        return f.some((x) => x.exchange.request.url === fence) ? f : undefined;
      }, { what: 'the fence failure' });
      expect(failures).toHaveLength(1);
      await fixedPage.close();
    } finally {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
