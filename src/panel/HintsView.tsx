// Where the browser's message points away from the cause, what was concluded by elimination,
// and where Chromium departs from the standard's text.
import type { Diagnosis } from '../core/diagnose';
import { CodeText } from './CodeText';

const FIX_ON: Record<string, string> = { server: 'fix on the server', proxy: 'fix in the proxy', client: 'fix in the page', network: 'network' };

export function HintsView({ diagnosis }: { diagnosis: Diagnosis }) {
  const { realCause, inferred, chromiumDeviations } = diagnosis;
  return (
    <>
      {realCause.length > 0 && (
        <ul class="hints">
          {realCause.map((h) => (
            <li key={h.code} data-code={h.code}>
              <strong>{h.title}</strong> <span class="fix-on">{FIX_ON[h.fixOn] ?? h.fixOn}</span>
              <p>
                <CodeText text={h.detail} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {inferred.length > 0 && (
        <ul class="inferred">
          {inferred.map((s, i) => (
            <li key={i}>
              <CodeText text={s} />
            </li>
          ))}
        </ul>
      )}
      {chromiumDeviations.length > 0 && (
        <ul class="deviations">
          {chromiumDeviations.map((s, i) => (
            <li key={i}>
              <CodeText text={s} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function WarningsView({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <ul class="warnings">
      {diagnosis.warnings.map((w) => (
        <li key={w.code} class={`warning ${w.severity}`} data-code={w.code}>
          <span class="severity">{w.severity}</span> <CodeText text={w.message} />
        </li>
      ))}
    </ul>
  );
}
