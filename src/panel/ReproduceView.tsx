// The commands that reproduce one failure outside the browser: the preflight exactly as the browser
// sent it and the actual request as curl, and a fetch() for the page's console. Built by the
// report module (src/core/report), so they are redacted like every report.
import type { ReportReproduction } from '../core/report/index';
import { CopyButton } from './CopyButton';

/** Both curl commands as one pasteable shell script; what a command cannot reproduce is a comment. */
export function curlScript(r: ReportReproduction): string {
  const comment = (note: string | null) => (note ? `${note.split(/\r?\n/).map((l) => `# ${l}`).join('\n')}\n` : '');
  const parts: string[] = [];
  if (r.preflightCurl !== null) parts.push(`# The preflight, as the browser sent it\n${comment(r.preflightCurlNote)}${r.preflightCurl}`);
  else if (r.preflightCurlNote) parts.push(comment(r.preflightCurlNote).trimEnd());
  parts.push(`# The request\n${comment(r.requestCurlNote)}${r.requestCurl}`);
  return `${parts.join('\n\n')}\n`;
}

function Command({ label, copyLabel, text, note, testId }: { label: string; copyLabel: string; text: string; note: string | null; testId: string }) {
  return (
    <>
      <p class="term">{label}</p>
      <div class="code-block">
        <CopyButton text={text} label={copyLabel} />
        <pre data-testid={testId}>
          <code>{text}</code>
        </pre>
      </div>
      {note && <p class="repro-note">{note}</p>}
    </>
  );
}

export function ReproduceView({ reproduce }: { reproduce: ReportReproduction | null }) {
  if (!reproduce) return <p class="none">No reproduction could be built for this failure.</p>;
  return (
    <div class="reproduce">
      {reproduce.preflightCurl !== null ? (
        <Command label="The preflight, as the browser sent it:" copyLabel="Copy preflight as cURL" text={reproduce.preflightCurl} note={reproduce.preflightCurlNote} testId="repro-preflight" />
      ) : (
        reproduce.preflightCurlNote && <p class="repro-note">{reproduce.preflightCurlNote}</p>
      )}
      <Command label="The request:" copyLabel="Copy request as cURL" text={reproduce.requestCurl} note={reproduce.requestCurlNote} testId="repro-request" />
      <Command label="From the page's DevTools console:" copyLabel="Copy fetch() snippet" text={reproduce.fetch} note={null} testId="repro-fetch" />
    </div>
  );
}
