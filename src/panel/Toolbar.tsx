import type { StackId } from '../core/fixes/index';
import type { CapturedFailure } from '../shared/messages';
import { useEnvironment } from './environment';
import { ExportMenu } from './ExportMenu';

export interface ToolbarProps {
  filterText: string;
  onFilterText(text: string): void;
  preflightOnly: boolean;
  onPreflightOnly(value: boolean): void;
  preserveLog: boolean;
  onPreserveLog(value: boolean): void;
  onClear(): void;
  /** Every failure in the tab (what Export exports, whatever the filter shows). */
  failures: readonly CapturedFailure[];
  /** The stack the user last picked, for the exported fixes; null lets each report detect. */
  stack: StackId | null;
}

export function Toolbar(props: ToolbarProps) {
  const env = useEnvironment();
  return (
    <div class="toolbar" role="toolbar" aria-label="CORS Doctor">
      <button type="button" class="tool clear" aria-label="Clear" title="Clear" onClick={props.onClear}>
        <span aria-hidden="true">⊘</span>
      </button>
      <span class="sep" aria-hidden="true" />
      <input
        type="search"
        class="filter"
        aria-label="Filter"
        placeholder="Filter (URL, method, code)"
        value={props.filterText}
        onInput={(e) => props.onFilterText((e.currentTarget as HTMLInputElement).value)}
      />
      <label class="check">
        <input
          type="checkbox"
          checked={props.preflightOnly}
          onChange={(e) => props.onPreflightOnly((e.currentTarget as HTMLInputElement).checked)}
        />
        Preflight failures only
      </label>
      <span class="sep" aria-hidden="true" />
      <label class="check">
        <input type="checkbox" checked={props.preserveLog} onChange={(e) => props.onPreserveLog((e.currentTarget as HTMLInputElement).checked)} />
        Preserve log
      </label>
      <span class="sep" aria-hidden="true" />
      <ExportMenu
        inputs={() => props.failures}
        stack={props.stack}
        disabled={props.failures.length === 0}
        title={props.failures.length === 1 ? 'Export the failure in this tab' : `Export all ${props.failures.length} failures in this tab`}
      />
      {env.popOutUrl && (
        <a class="popout" href={env.popOutUrl} target="_blank" rel="noopener" title="Open this panel in a tab">
          Pop out ↗
        </a>
      )}
    </div>
  );
}
