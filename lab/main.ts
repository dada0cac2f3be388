// `npm run lab`: the lab on fixed ports, for manual use and the demo.
//   --page-port N / LAB_PAGE_PORT (default 5170)
//   --api-port N  / LAB_API_PORT  (default 5171)

import { startLab } from './server';

function portOption(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${flag}/${env}: not a port: ${raw}`);
    process.exit(2);
  }
  return port;
}

const lab = await startLab({
  pagePort: portOption('--page-port', 'LAB_PAGE_PORT', 5170),
  apiPort: portOption('--api-port', 'LAB_API_PORT', 5171),
});

console.log(`CORS Doctor lab: ${lab.indexUrl}`);
console.log(`  pages ${lab.pageOrigin}  api ${lab.apiOrigin}  dead ${lab.deadOrigin}`);
const width = Math.max(...lab.scenarios.map((s) => s.id.length));
for (const s of lab.scenarios) {
  console.log(`  ${s.id.padEnd(width)}  ${s.expect.padEnd(13)}  ${lab.scenarioUrl(s.id)}`);
}
console.log('Ctrl-C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void lab.close().then(() => process.exit(0));
  });
}
