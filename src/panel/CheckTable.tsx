// Every failing check: what the browser needed next to what the server sent, the header it is
// about highlighted, and the engine's explanation underneath.
import type { Check } from '../core/check';
import { escapeBidi } from '../core/report/bidi';
import { CodeText } from './CodeText';
import { checkLabel } from './failure-labels';

/** `expected` with the parameter Chromium names (method, header) highlighted. */
function Highlighted({ text, part }: { text: string; part?: string | undefined }) {
  if (!part) return <>{text}</>;
  const i = text.indexOf(part);
  if (i < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, i)}
      <mark>{part}</mark>
      {text.slice(i + part.length)}
    </>
  );
}

function CheckRows({ check, index }: { check: Check; index: number }) {
  const headerName = check.header ?? (check.code === 'PreflightInvalidStatus' ? 'HTTP status' : check.code === 'PreflightDisallowedRedirect' ? 'Location' : '');
  return (
    <tbody class={`check${index === 0 ? ' first' : ''}`} data-code={check.code}>
      <tr>
        <th scope="row" class="what">
          <span class="label">{checkLabel(check)}</span>
          <span class="code">{check.code}</span>
          <span class="stage">{check.stage === 'preflight' ? 'preflight response' : 'actual response'}</span>
        </th>
        <td class="header">{headerName ? <mark class="offending">{headerName}</mark> : '—'}</td>
        <td class="expected">
          <Highlighted text={check.expected} part={check.failedParameter} />
        </td>
        <td class={`actual${check.actual === undefined ? ' missing' : ''}`}>{check.actual === undefined ? '(not sent)' : check.actual === '' ? '(empty)' : escapeBidi(check.actual)}</td>
      </tr>
      <tr class="explanation">
        <td colSpan={4}>
          <CodeText text={check.explanation} />
          {check.inferred && <span class="inferred"> (inferred)</span>}
          {check.firefoxCode && <span class="firefox"> Firefox reports this as {check.firefoxCode}.</span>}
        </td>
      </tr>
    </tbody>
  );
}

export function CheckTable({ checks }: { checks: readonly Check[] }) {
  if (checks.length === 0) return <p class="none">No CORS check failed on what was observed.</p>;
  return (
    <table class="checks" aria-label="Failing checks">
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Header</th>
          <th scope="col">Browser needed</th>
          <th scope="col">Server sent</th>
        </tr>
      </thead>
      {checks.map((c, i) => (
        <CheckRows key={`${c.code}-${i}`} check={c} index={i} />
      ))}
    </table>
  );
}
