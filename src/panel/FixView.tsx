// The server fix: a stack picker (preselected from the responses' fingerprints, or the stack the
// user picked last), the snippet filled in with this request's values, where it goes, the
// stack's pitfall for this exact failure, and the curl that proves it worked.
import { proofDetail, STACKS, type ProvenBy, type StackGuess, type StackId } from '../core/fixes/index';
import { CodeText } from './CodeText';
import { CopyButton } from './CopyButton';
import type { FixChoice } from './use-fix-choice';

export interface FixViewProps {
  /** The fix to show and how it was chosen (useFixChoice, held by the detail view). */
  choice: FixChoice;
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

/** How this stack's fix is proven: run in a real server (which, and the cases), or syntax checked only. */
function Proven({ proof }: { proof: ProvenBy }) {
  return (
    <p class="proven" data-testid="fix-proven" data-kind={proof.kind} title={proof.kind === 'run' ? `Proven by ${proof.test}` : undefined}>
      <span class="term">Proven: </span>
      <strong>{proof.summary}</strong>
      <span class="proof-detail">
        {' · '}
        <CodeText text={proofDetail(proof)} />
      </span>
    </p>
  );
}

export function FixView({ choice }: FixViewProps) {
  const { fixes, guesses, fix } = choice;
  if (!fix) return <p class="none">No server fix could be built for this failure.</p>;
  const detected = new Set(guesses.map((g) => g.stack));
  return (
    <div class="fix" data-stack={fix.stack}>
      <div class="stack-row">
        <label for="stack-picker">Server stack</label>
        <select id="stack-picker" value={fix.stack} onChange={(e) => choice.pick((e.currentTarget as HTMLSelectElement).value as StackId)}>
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
      <Proven proof={fix.provenBy} />
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
