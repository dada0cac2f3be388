// "Export": a disclosure button revealing Markdown, JSON and HTML downloads and Copy as Markdown,
// for every failure in the tab (toolbar) or for one (detail bar). Reports are redacted, with no
// way to turn it off here: the worker masked the secrets when it captured them, so the panel has
// nothing else to export (the CLI, which holds raw values, is where they can be exported).
// The report code is not part of the panel's first load: opening the menu fetches it (lazy.ts; it
// is usually warm already), and a button pressed before it arrived runs once it has.
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { StackId } from '../core/fixes/index';
import type { ReportFormat, ReportInput } from '../core/report/index';
import { useEnvironment, type PanelEnvironment } from './environment';
import type * as ExportActions from './export-actions';
import { exportChunk } from './export-chunk';

export interface ExportMenuProps {
  /** What to export, read when a button is pressed (the tab's failures change while the menu is open). */
  inputs(): readonly ReportInput[];
  /** The stack whose fix the report shows; null lets the report pick (detected, else its default). */
  stack: StackId | null;
  /** Says what is exported, e.g. "Export every failure in this tab". */
  title: string;
  disabled?: boolean;
}

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
  { format: 'html', label: 'HTML' },
];

const POPOVER_WIDTH = 280;

export function ExportMenu({ inputs, stack, title, disabled = false }: ExportMenuProps) {
  const env = useEnvironment();
  const id = useId();
  const popover = usePopover();
  const [status, say] = useStatusMessage();
  const { download, copyMarkdown } = exportActions(inputs, stack, env, say);
  const { open, close } = popover;

  return (
    <span
      class="export"
      onKeyDown={(e) => {
        if (open && e.key === 'Escape') {
          // Escape closes the menu only, not the detail view around it.
          e.preventDefault();
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={popover.button}
        type="button"
        class="export-button"
        aria-expanded={open}
        aria-controls={id}
        title={title}
        disabled={disabled}
        onClick={() => (open ? close(false) : popover.show())}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      {/* Always present: a live region announces changes, not its own arrival. */}
      <span class={`export-status${status?.failed ? ' failed' : ''}`} role="status">
        {status?.text ?? ''}
      </span>
      {open && (
        <ExportPopover
          id={id}
          title={title}
          popover={popover}
          onDownload={(format) => {
            download(format);
            close(true);
          }}
          onCopy={() => {
            copyMarkdown();
            close(true);
          }}
        />
      )}
    </span>
  );
}

interface ExportPopoverProps {
  id: string;
  title: string;
  popover: Popover;
  onDownload(format: ReportFormat): void;
  onCopy(): void;
}

function ExportPopover({ id, title, popover: { element, place }, onDownload, onCopy }: ExportPopoverProps) {
  return (
    <div
      ref={element}
      id={id}
      class="export-popover"
      role="group"
      aria-label={title}
      style={place ? { top: `${place.top}px`, left: `${place.left}px`, width: `${POPOVER_WIDTH}px` } : undefined}
    >
      <div class="export-formats">
        <span class="export-label">Download</span>
        {FORMATS.map(({ format, label }) => (
          <button key={format} type="button" title={`Download as ${label} (.${format})`} onClick={() => onDownload(format)}>
            {label}
          </button>
        ))}
      </div>
      <button type="button" class="export-copy" onClick={onCopy}>
        Copy as Markdown
      </button>
      <p class="secrets-note">Authorization, cookies, API keys and tokens are redacted: they were masked when captured.</p>
    </div>
  );
}

type Popover = ReturnType<typeof usePopover>;

/** The menu's open state, where its popover sits, focus into it on open, and closing on a press outside. */
function usePopover() {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const element = useRef<HTMLDivElement>(null);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // The toolbar and the detail bar clip overflow (one fixed-height row), so the popover is fixed
  // to the viewport under the button, kept inside the panel's width. Placed before it first
  // renders, so it can take focus at once (a hidden element cannot).
  const show = () => {
    const r = button.current?.getBoundingClientRect();
    const width = document.documentElement.clientWidth || window.innerWidth;
    setPlace(r ? { top: r.bottom + 2, left: Math.max(4, Math.min(r.left, width - POPOVER_WIDTH - 4)) } : { top: 0, left: 0 });
    setOpen(true);
    exportChunk.load().catch(() => undefined);
  };

  useLayoutEffect(() => {
    if (open) element.current?.querySelector<HTMLElement>('button')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      const t = e.target as Node | null;
      if (t && !element.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  return { open, place, button, element, show, close };
}

type StatusMessage = { text: string; failed: boolean } | null;

/** A line next to the button saying what the last action did, cleared after a few seconds. */
function useStatusMessage(): [StatusMessage, Say] {
  const [status, setStatus] = useState<StatusMessage>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const say = (text: string, failed = false) => {
    setStatus({ text, failed });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(null), 4000);
  };
  return [status, say];
}

type Say = (text: string, failed?: boolean) => void;

/** What the buttons do. Each reads its inputs when pressed: what the user saw then. */
function exportActions(inputs: () => readonly ReportInput[], stack: StackId | null, env: PanelEnvironment, say: Say) {
  /** Runs at once when the report code is loaded (almost always), else as soon as it is. */
  const withActions = (what: 'Export' | 'Copy', run: (actions: typeof ExportActions) => void) => {
    const ready = exportChunk.now();
    if (ready) return run(ready);
    exportChunk.load().then(run, (error: unknown) => say(`${what} failed: ${(error as Error).message}`, true));
  };

  const download = (format: ReportFormat) => {
    const chosen = inputs();
    const opts = { stack };
    withActions('Export', (actions) => {
      try {
        const file = actions.reportFile(format, chosen, env, opts);
        env.download(file.fileName, file.mimeType, file.content);
        say(`Saved ${file.fileName}`);
      } catch (error) {
        say(`Export failed: ${(error as Error).message}`, true);
      }
    });
  };

  const copyMarkdown = () => {
    const chosen = inputs();
    const opts = { stack };
    withActions('Copy', (actions) => {
      let text: string;
      try {
        text = actions.reportMarkdown(chosen, env, opts);
      } catch (error) {
        say(`Copy failed: ${(error as Error).message}`, true);
        return;
      }
      env.copyText(text).then(
        () => say('Copied as Markdown'),
        () => say('Copy failed: the clipboard was refused', true),
      );
    });
  };

  return { download, copyMarkdown };
}
