// One failure, explained: verdict, Chromium's console line, the failing checks side by side,
// what misleads, the fix, why a preflight, the timeline, warnings and the raw headers.
import type { ComponentChildren } from 'preact';
import type { StackId } from '../core/fixes/index';
import type { CapturedFailure } from '../shared/messages';
import { CheckTable } from './CheckTable';
import { CodeText } from './CodeText';
import { CopyButton } from './CopyButton';
import { FixView } from './FixView';
import { HeadersView } from './HeadersView';
import { HintsView, WarningsView } from './HintsView';
import { splitUrl } from './failure-labels';
import { Timeline } from './Timeline';
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

export function DetailView({ failure, rememberedStack, onPickStack, onClose }: DetailViewProps) {
  const d = failure.diagnosis;
  const { request } = failure.exchange;
  const { origin, path } = splitUrl(request.url);
  const hasHints = d.realCause.length > 0 || d.inferred.length > 0 || d.chromiumDeviations.length > 0;
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
      </div>
      <div class="detail-body" tabIndex={-1}>
        <div class={`verdict ${d.verdict}`}>
          <span class="verdict-label">{VERDICT_LABEL[d.verdict] ?? d.verdict}</span>
          <p class="summary" data-testid="verdict">
            <CodeText text={d.summary} />
          </p>
        </div>
        {d.browserMessage && (
          <div class="console">
            <div class="console-head">
              <span>Chromium's console message</span>
              <CopyButton text={d.browserMessage} label="Copy console message" />
            </div>
            <p class="console-line" data-testid="console-message">
              {d.browserMessage}
            </p>
          </div>
        )}
        <Section id="checks" title={d.checks.length > 1 ? `What failed (${d.checks.length} checks)` : 'What failed'}>
          <CheckTable checks={d.checks} />
        </Section>
        {hasHints && (
          <Section id="hints" title="Look here first">
            <HintsView diagnosis={d} />
          </Section>
        )}
        <Section id="fix" title="Fix it on the server">
          <FixView failure={failure} rememberedStack={rememberedStack} onPickStack={onPickStack} />
        </Section>
        <Section id="why" title="Why a preflight">
          <WhyPreflight diagnosis={d} />
        </Section>
        <Section id="timeline" title="Timeline">
          <Timeline failure={failure} />
        </Section>
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
