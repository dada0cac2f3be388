// `npm run bench`: every benchmark, one table, and bench/results.json.
// Not part of `npm test`: timings are measured here, never asserted in tests.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchEngine } from './engine';
import { benchPairing } from './pairing';

interface Result {
  name: string;
  value: number;
  unit: string;
}

const results: Result[] = [...(await benchEngine()), ...(await benchPairing())];
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit}`);
const file = resolve(import.meta.dirname, 'results.json');
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log(`\nwrote ${file}`);
