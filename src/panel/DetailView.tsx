// One failure, explained: verdict, the inspected browser's console lines, the failing checks side
// by side, what misleads, the fix, why a preflight, how to reproduce it, the timeline, what other
// browsers would say, warnings and the raw headers. Exports and Copy as cURL in the bar.
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import type { StackId } from '../core/fixes/index';
import { buildReport, type ReportReproduction } from '../core/report/index';
import type { CapturedFailure } from '../shared/messages';
import { CheckTable } from './CheckTable';
import { CodeText } from './CodeText';
import { CopyButton } from './CopyButton';
import { useEnvironment } from './environment';
import { ExportMenu } from './ExportMenu';
import { FixView } from './FixView';
import { HeadersView } from './HeadersView';
import { HintsView, WarningsView } from './HintsView';
import { splitUrl } from './failure-labels';
import { reportEnvironment } from './report-environment';
import { curlScript, ReproduceView } from './ReproduceView';
import { Timeline } from './Timeline';
import { useFixChoice } from './use-fix-choice';
import { WhyPreflight } from './WhyPreflight';

export interface DetailViewProps {
  failure: CapturedFailure;
  rememberedStack: StackId | null;
  onPickStack(stack: StackId): void;
  onClose(): void;
}

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

/** browserMessage is the first line; browserMessages (newer, absent from failures stored by older versions) adds Firefox's later ones. */
function consoleLinesOf(d: CapturedFailure['diagnosis']): string[] {
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

export function DetailView({ failure, rememberedStack, onPickStack, onClose }: DetailViewProps) {
  const env = useEnvironment();
  const d = failure.diagnosis;
  const { request } = failure.exchange;
  const { origin, path } = splitUrl(request.url);
  const hasHints = d.realCause.length > 0 || d.inferred.length > 0 || d.chromiumDeviations.length > 0;
  const choice = useFixChoice(failure, rememberedStack, onPickStack);
  // The report module builds the commands (redacted); the environment does not change them.
  const reproduce = useMemo((): ReportReproduction | null => {
    try {
      return buildReport([failure], reportEnvironment(env)).failures[0]?.reproduce ?? null;
    } catch {
      return null;
    }
  }, [failure, env]);
  const consoleLines = consoleLinesOf(d);
  const differences = d.browserDifferences ?? [];
  return (
    <div
      class="detail"
      role="region"
      aria-label="Failure details"
      data-testid="detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement)) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div class="detail-bar">
        <button type="button" class="tool close" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
          ✕
        </button>
        <span class="detail-url" title={request.url}>
          <span class="method">{request.method}</span> <span class="origin">{origin}</span>
          <strong>{path}</strong>
        </span>
        <span class="detail-actions">
          {reproduce && (
            <CopyButton text={() => curlScript(reproduce)} label="Copy as cURL" idleText="Copy as cURL" class="copy-curl" />
          )}
          <ExportMenu inputs={() => [failure]} stack={choice.reportStack} title="Export this failure" />
        </span>
      </div>
      <div class="detail-body" tabIndex={-1}>
        <div class={`verdict ${d.verdict}`}>
          <span class="verdict-label">{VERDICT_LABEL[d.verdict] ?? d.verdict}</span>
          <p class="summary" data-testid="verdict">
            <CodeText text={d.summary} />
          </p>
        </div>
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
      </div>
    </div>
  );
}
