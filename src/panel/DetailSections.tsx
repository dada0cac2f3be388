// The detail view's body, section by section: verdict, the inspected browser's console lines,
// the failing checks side by side, what misleads, the fix, why a preflight, how to reproduce it,
// the timeline, what other browsers would say, warnings and the raw headers.
import type { ComponentChildren } from 'preact';
import type { ReportReproduction } from '../core/report/index';
import type { CapturedFailure } from '../shared/messages';
import { CheckTable } from './CheckTable';
import { CodeText } from './CodeText';
import { CopyButton } from './CopyButton';
import { FixView } from './FixView';
import { HeadersView } from './HeadersView';
import { HintsView, WarningsView } from './HintsView';
import { ReproduceView } from './ReproduceView';
import { Timeline } from './Timeline';
import type { FixChoice } from './use-fix-choice';
import { WhyPreflight } from './WhyPreflight';

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class={`detail-section section-${id}`} aria-labelledby={`section-${id}`}>
      <h2 id={`section-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

const VERDICT_LABEL: Record<string, string> = {
  blocked: 'Blocked by CORS',
  'network-error': 'Network error',
  unexplained: 'Blocked',
  allowed: 'Allowed',
};

type Diagnosis = CapturedFailure['diagnosis'];

function VerdictBanner({ d }: { d: Diagnosis }) {
  return (
    <div class={`verdict ${d.verdict}`}>
      <span class="verdict-label">{VERDICT_LABEL[d.verdict] ?? d.verdict}</span>
      <p class="summary" data-testid="verdict">
        <CodeText text={d.summary} />
      </p>
    </div>
  );
}

/** browserMessage is the first line; browserMessages (newer, absent from failures stored by older versions) adds Firefox's later ones. */
function consoleLinesOf(d: Diagnosis): string[] {
  const all = d.browserMessages ?? [];
  if (d.browserMessage === undefined) return [...all];
  return [d.browserMessage, ...(all[0] === d.browserMessage ? all.slice(1) : [])];
}

function ConsoleMessages({ lines, browser }: { lines: readonly string[]; browser: 'chromium' | 'firefox' }) {
  const who = browser === 'firefox' ? 'Firefox' : 'Chromium';
  return (
    <div class="console">
      <div class="console-head">
        <span>{lines.length > 1 ? `${who}'s console messages (${lines.length} lines)` : `${who}'s console message`}</span>
        <CopyButton text={lines.join('\n')} label={lines.length > 1 ? 'Copy console messages' : 'Copy console message'} />
      </div>
      {lines.map((line, i) => (
        <p key={i} class="console-line" data-testid={i === 0 ? 'console-message' : 'console-message-more'}>
          {line}
        </p>
      ))}
    </div>
  );
}

/** What the failure was and how to fix and reproduce it. */
export function CauseSections({ failure, choice, reproduce }: { failure: CapturedFailure; choice: FixChoice; reproduce: ReportReproduction | null }) {
  const d = failure.diagnosis;
  const consoleLines = consoleLinesOf(d);
  const hasHints = d.realCause.length > 0 || d.inferred.length > 0 || d.chromiumDeviations.length > 0;
  return (
    <>
      <VerdictBanner d={d} />
      {consoleLines.length > 0 && <ConsoleMessages lines={consoleLines} browser={failure.exchange.browser === 'firefox' ? 'firefox' : 'chromium'} />}
      <Section id="checks" title={d.checks.length > 1 ? `What failed (${d.checks.length} checks)` : 'What failed'}>
        <CheckTable checks={d.checks} />
      </Section>
      {hasHints && (
        <Section id="hints" title="Look here first">
          <HintsView diagnosis={d} />
        </Section>
      )}
      <Section id="fix" title="Fix it on the server">
        <FixView choice={choice} />
      </Section>
      <Section id="why" title="Why a preflight">
        <WhyPreflight diagnosis={d} />
      </Section>
      <Section id="reproduce" title="Reproduce">
        <ReproduceView reproduce={reproduce} />
      </Section>
    </>
  );
}

/** What happened in order, and the details around it. */
export function RecordSections({ failure }: { failure: CapturedFailure }) {
  const d = failure.diagnosis;
  const differences = d.browserDifferences ?? [];
  return (
    <>
      <Section id="timeline" title="Timeline">
        <Timeline failure={failure} />
      </Section>
      {differences.length > 0 && (
        <Section id="other-browsers" title="Other browsers">
          <ul class="differences">
            {differences.map((line, i) => (
              <li key={i}>
                <CodeText text={line} />
              </li>
            ))}
          </ul>
        </Section>
      )}
      {d.warnings.length > 0 && (
        <Section id="warnings" title="Warnings">
          <WarningsView diagnosis={d} />
        </Section>
      )}
      {d.unreadableResponseHeaders.length > 0 && (
        <Section id="unreadable" title="Hidden from the page">
          <p>
            <CodeText
              text={`Page JavaScript cannot read these response headers unless Access-Control-Expose-Headers lists them: ${d.unreadableResponseHeaders.map((h) => `\`${h}\``).join(', ')}.`}
            />
          </p>
        </Section>
      )}
      <Section id="headers" title="Headers">
        <HeadersView failure={failure} />
      </Section>
    </>
  );
}
