// Usage errors: exit 2, one line on stderr saying what is wrong, never a stack trace.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

beforeAll(() => ensureBuilt(), 120_000);

const O = ['--origin', 'https://app.example.com'];
const U = 'http://127.0.0.1:9/x';

describe('usage errors exit 2 with a message', () => {
  it.each<[string, string[], RegExp]>([
    ['no command', [], /Usage:/],
    ['unknown command', ['chek'], /unknown command "chek"/],
    ['a URL as command', ['https://api.example.com'], /did you mean `cors-doctor check https:\/\/api.example.com/],
    ['missing URL', ['check', ...O], /missing the URL/],
    ['two URLs', ['check', U, U, ...O], /one URL at a time/],
    ['missing origin', ['check', U], /--origin is required/],
    ['origin with a path', ['check', U, '--origin', 'https://app.example.com/'], /not a serialized origin; a browser sends "https:\/\/app.example.com"/],
    ['origin not a URL', ['check', U, '--origin', 'app.example.com'], /not an origin/],
    ['bad URL', ['check', 'not a url', ...O], /not a URL/],
    ['non-http URL', ['check', 'ftp://example.com/x', ...O], /not an http\(s\) URL/],
    ['URL with credentials', ['check', 'https://u:p@api.example.com/', ...O], /user name or password/],
    ['header without colon', ['check', U, ...O, '-H', 'X-Custom'], /expected 'Name: value'/],
    ['header with a bad name', ['check', U, ...O, '-H', 'X Custom: 1'], /not a valid header name/],
    ['Origin via -H', ['check', U, ...O, '-H', 'Origin: https://x.example'], /--origin, not -H Origin/],
    ['forbidden header', ['check', U, ...O, '-H', 'Host: x'], /forbidden request header/],
    ['bad method', ['check', U, ...O, '-X', 'GE T'], /not a valid HTTP method/],
    ['forbidden method', ['check', U, ...O, '-X', 'TRACE'], /refuses the method TRACE/],
    ['GET with a body', ['check', U, ...O, '-d', 'x'], /refuses a body on a GET/],
    ['unknown stack', ['check', U, ...O, '--stack', 'cobol'], /unknown stack "cobol"; one of: express/],
    ['bad timeout', ['check', U, ...O, '--timeout', 'soon'], /--timeout: expected seconds/],
    ['unknown option', ['check', U, ...O, '--frobnicate'], /Unknown option '--frobnicate'/],
    ['har without file', ['har'], /expected one HAR file/],
    ['explain with an argument', ['explain', 'file.txt'], /reads the console text on stdin/],
    ['lab with a bad port', ['lab', '--api-port', 'x'], /not a port number/],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('help and version', () => {
  it.each([[['--help']], [['help', 'check']], [['check', '--help']], [['har', '-h']], [['explain', '--help']], [['lab', '--help']]])('%j exits 0 with usage', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:\s+cors-doctor/);
  });
  it('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(version);
  });
});
