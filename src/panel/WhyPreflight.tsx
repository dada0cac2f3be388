// Why the browser sent (or would send) an OPTIONS first, and when the page can avoid it.
import type { Diagnosis } from '../core/diagnose';
import { escapeBidi } from '../core/report/bidi';
import { CodeText } from './CodeText';

export function WhyPreflight({ diagnosis }: { diagnosis: Diagnosis }) {
  const reasons = diagnosis.whyPreflight;
  if (reasons === null) return <p>Not known: the request's headers were not observed.</p>;
  if (reasons.length === 0)
    return <p>No preflight needed: this is a simple request (a safelisted method, with only CORS-safelisted headers and values).</p>;
  // A method reason needs the server; header reasons can go away on the client.
  const clientAvoidable = reasons.every((r) => r.kind !== 'method');
  const clientHint = diagnosis.realCause.find((h) => h.fixOn === 'client' && h.code === 'avoidable-preflight');
  return (
    <>
      <ul class="reasons">
        {reasons.map((r, i) => (
          <li key={i}>
            {r.header && <code class="reason-subject">{r.header}</code>}
            {!r.header && r.value && <code class="reason-subject">{escapeBidi(r.value)}</code>} <CodeText text={r.explanation} />
          </li>
        ))}
      </ul>
      {clientAvoidable ? (
        <p class="avoid">
          <strong>Client-side alternative: </strong>
          {clientHint ? <CodeText text={clientHint.detail} /> : 'without these headers (or with safelisted values) the request is simple and skips the preflight.'}
        </p>
      ) : (
        <p class="avoid">The method itself needs a preflight, so the server must answer OPTIONS.</p>
      )}
    </>
  );
}
