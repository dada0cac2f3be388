// One failure, explained (the sections are in DetailSections.tsx). Exports and Copy as cURL in the bar.
import { useMemo } from 'preact/hooks';
import type { StackId } from '../core/fixes/index';
import { reproduce, type ReportReproduction } from '../core/report/index';
import type { CapturedFailure } from '../shared/messages';
import { CopyButton } from './CopyButton';
import { CauseSections, RecordSections } from './DetailSections';
import { ExportMenu } from './ExportMenu';
import { splitUrl } from './failure-labels';
import { curlScript } from './ReproduceView';
import { useFixChoice, type FixChoice } from './use-fix-choice';

export interface DetailViewProps {
  failure: CapturedFailure;
  rememberedStack: StackId | null;
  onPickStack(stack: StackId): void;
  onClose(): void;
}

function DetailBar({ failure, choice, commands, onClose }: { failure: CapturedFailure; choice: FixChoice; commands: ReportReproduction | null; onClose(): void }) {
  const { request } = failure.exchange;
  const { origin, path } = splitUrl(request.url);
  return (
    <div class="detail-bar">
      <button type="button" class="tool close" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
        ✕
      </button>
      <span class="detail-url" title={request.url}>
        <span class="method">{request.method}</span> <span class="origin">{origin}</span>
        <strong>{path}</strong>
      </span>
      <span class="detail-actions">
        {commands && <CopyButton text={() => curlScript(commands)} label="Copy as cURL" idleText="Copy as cURL" class="copy-curl" />}
        <ExportMenu inputs={() => [failure]} stack={choice.reportStack} title="Export this failure" />
      </span>
    </div>
  );
}

export function DetailView({ failure, rememberedStack, onPickStack, onClose }: DetailViewProps) {
  const choice = useFixChoice(failure, rememberedStack, onPickStack);
  // The report module builds the commands, redacted as a report of this failure holds them.
  const commands = useMemo((): ReportReproduction | null => {
    try {
      return reproduce(failure);
    } catch {
      return null;
    }
  }, [failure]);
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
      <DetailBar failure={failure} choice={choice} commands={commands} onClose={onClose} />
      <div class="detail-body" tabIndex={-1}>
        <CauseSections failure={failure} choice={choice} reproduce={commands} />
        <RecordSections failure={failure} />
      </div>
    </div>
  );
}
