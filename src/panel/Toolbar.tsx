import { useEnvironment } from './environment';

export interface ToolbarProps {
  filterText: string;
  onFilterText(text: string): void;
  preflightOnly: boolean;
  onPreflightOnly(value: boolean): void;
  preserveLog: boolean;
  onPreserveLog(value: boolean): void;
  onClear(): void;
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
      {env.popOutUrl && (
        <a class="popout" href={env.popOutUrl} target="_blank" rel="noopener" title="Open this panel in a tab">
          Pop out ↗
        </a>
      )}
    </div>
  );
}
