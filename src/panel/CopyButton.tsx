import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnvironment } from './environment';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` through the injected clipboard; says so in place (no layout jump: fixed width). */
export function CopyButton({ text, label, class: cls, idleText = 'Copy' }: { text: string | (() => string); label: string; class?: string; idleText?: string }) {
  const env = useEnvironment();
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onClick = () => {
    const value = typeof text === 'function' ? text() : text;
    env.copyText(value).then(
      () => setState('copied'),
      () => setState('failed'),
    );
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" class={`copy ${cls ?? ''}`} aria-label={label} title={label} onClick={onClick} data-state={state}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : idleText}
    </button>
  );
}
