// Download names: `cors-doctor-<host>-<yyyymmdd-hhmmss>.<ext>`, safe on every file system
// (no `:`, `/`, `\`, control characters or leading dots; Windows forbids `<>:"/\|?*`).
import { parseUrl } from '../origin';
import { isoParts } from './iso-time';

export type ReportFormat = 'md' | 'json' | 'html';

/** The host of a URL as a file-name fragment: `api.example.com`, `127.0.0.1_8080`, `ipv6-1`. */
export function fileNameHost(url: string): string {
  const p = parseUrl(url);
  if (!p || p.host === '') return 'unknown-host';
  // IPv6 literals lose their brackets and colons: [::1] -> ipv6-1.
  const host = p.host.startsWith('[') ? `ipv6-${p.host.slice(1, -1).replace(/:+/g, '-').replace(/^-+/, '')}` : p.host;
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '');
  const safe = clean(host).slice(0, 100) + (p.port ? `_${p.port}` : '');
  return safe === '' ? 'unknown-host' : safe;
}

/**
 * `cors-doctor-api.example.com-20260501-123456.md`. `generatedAt` is the report's ISO time; its
 * digits are used as written, so the caller decides between UTC (`…Z`) and local (`…+02:00`).
 * Several hosts in one report give `multiple-hosts`.
 */
export function reportFileName(urls: readonly string[], generatedAt: string, ext: ReportFormat): string {
  const hosts = [...new Set(urls.map(fileNameHost))];
  const host = hosts.length === 1 ? (hosts[0] as string) : hosts.length === 0 ? 'no-requests' : 'multiple-hosts';
  const t = isoParts(generatedAt);
  const stamp = t ? `${t.y}${t.mo}${t.d}-${t.h}${t.mi}${t.s}` : '00000000-000000';
  return `cors-doctor-${host}-${stamp}.${ext}`;
}
