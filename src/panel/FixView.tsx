// The server fix: a stack picker (preselected from the responses' fingerprints, or the stack the
// user picked last), the snippet filled in with this request's values, where it goes, the
// stack's pitfall for this exact failure, and the curl that proves it worked.
import { useMemo, useState } from 'preact/hooks';
import { fixesFor, detectStack, STACKS, type Fix, type StackGuess, type StackId } from '../core/fixes/index';
import type { CapturedFailure } from '../shared/messages';
import { CodeText } from './CodeText';
import { CopyButton } from './CopyButton';
import { preselectStack } from './stack-choice';

export interface FixViewProps {
  failure: CapturedFailure;
  /** The stack the user picked last (remembered across sessions), null when none. */
  rememberedStack: StackId | null;
  onPickStack(stack: StackId): void;
}

const nameOf = (id: StackId) => STACKS.find((s) => s.id === id)?.name ?? id;

function Evidence({ guesses, chosen, why }: { guesses: readonly StackGuess[]; chosen: StackId; why: string }) {
  const top = guesses[0];
  if (!top) {
    return (
      <p class="evidence" data-testid="stack-evidence">
        No server stack recognized in the response headers{why === 'remembered' ? `: showing ${nameOf(chosen)}, your last choice` : ''}. Pick yours.
      </p>
    );
  }
  return (
    <p class="evidence" data-testid="stack-evidence">
      {guesses.slice(0, 3).map((g, i) => (
        <span key={g.stack}>
          {i === 0 ? 'Detected ' : '; also '}
          <strong>{nameOf(g.stack)}</strong>
          {g.layer ? ` (${g.layer})` : ''} from <CodeText text={g.evidence.join(', ')} />
        </span>
      ))}
      .{guesses.every((g) => g.stack !== chosen) && ` Showing ${nameOf(chosen)}, your choice.`}
    </p>
  );
}

export function FixView({ failure, rememberedStack, onPickStack }: FixViewProps) {
  const { fixes, guesses } = useMemo(() => {
    try {
      return { fixes: fixesFor(failure.diagnosis, failure.exchange), guesses: detectStack(failure.exchange) };
    } catch {
      return { fixes: [] as Fix[], guesses: [] as StackGuess[] };
    }
  }, [failure]);
  // A pick sticks for the failure it was made on, whatever the preselection rule says.
  const [picked, setPicked] = useState<{ id: string; stack: StackId } | null>(null);
  if (fixes.length === 0) return <p class="none">No server fix could be built for this failure.</p>;
  const choice = preselectStack(
    guesses,
    rememberedStack,
    fixes.map((f) => f.stack),
  );
  const current = picked?.id === failure.id ? picked.stack : choice.stack;
  const fix = fixes.find((f) => f.stack === current) ?? fixes[0]!;
  const detected = new Set(guesses.map((g) => g.stack));
  return (
    <div class="fix" data-stack={fix.stack}>
      <div class="stack-row">
        <label for="stack-picker">Server stack</label>
        <select id="stack-picker" value={fix.stack} onChange={(e) => {
            const stack = (e.currentTarget as HTMLSelectElement).value as StackId;
            setPicked({ id: failure.id, stack });
            onPickStack(stack);
          }}>
          {fixes.map((f) => (
            <option key={f.stack} value={f.stack}>
              {nameOf(f.stack)}
              {detected.has(f.stack) ? ' (detected)' : ''}
            </option>
          ))}
        </select>
      </div>
      <Evidence guesses={guesses} chosen={fix.stack} why={choice.why} />
      <h3 class="fix-title">{fix.title}</h3>
      <p class="where">
        <span class="term">Where: </span>
        <CodeText text={fix.where} />
      </p>
      <div class="code-block">
        <CopyButton text={fix.snippet} label="Copy snippet" />
        <pre class={`snippet lang-${fix.language}`} data-testid="fix-snippet">
          <code>{fix.snippet}</code>
        </pre>
      </div>
      <p class="pitfall">
        <span class="term">Pitfall: </span>
        <CodeText text={fix.pitfall} />
      </p>
      <p class="term">Check it afterwards:</p>
      <div class="code-block">
        <CopyButton text={fix.verify} label="Copy curl command" />
        <pre class="verify" data-testid="fix-verify">
          <code>{fix.verify}</code>
        </pre>
      </div>
      {fix.notes && fix.notes.length > 0 && (
        <ul class="notes">
          {fix.notes.map((n, i) => (
            <li key={i}>
              <CodeText text={n} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
