// The raw headers of both round trips, each block copyable; the headers the failing checks are
// about are highlighted, and marked "not sent" when the server left them out.
import type { HeaderList } from '../core/exchange';
import { escapeBidi } from '../core/report/bidi';
import type { CapturedFailure } from '../shared/messages';
import { CopyButton } from './CopyButton';
import { headersAsText } from './failure-labels';

/** Longer values are cut in the view (a 64 kB header would bury the panel); Copy gives them whole. */
export const MAX_SHOWN_VALUE = 2000;

interface Block {
  title: string;
  headers: HeaderList | undefined;
  absent: string;
  /** Lower-case names of headers the failing checks are about, for this block. */
  offending: Set<string>;
}

function HeaderBlock({ block }: { block: Block }) {
  const { headers, offending } = block;
  const present = new Set((headers ?? []).map(([n]) => n.toLowerCase()));
  const missing = [...offending].filter((n) => !present.has(n));
  return (
    <section class="header-block" aria-label={block.title}>
      <h3>
        {block.title}
        {headers && headers.length > 0 && <CopyButton text={() => headersAsText(headers)} label={`Copy ${block.title.toLowerCase()}`} />}
      </h3>
      {!headers ? (
        <p class="absent">{block.absent}</p>
      ) : (
        <dl class="headers">
          {headers.map(([name, value], i) => {
            const hot = offending.has(name.toLowerCase());
            const shown = value.length > MAX_SHOWN_VALUE ? value.slice(0, MAX_SHOWN_VALUE) : value;
            return (
              <div key={i} class={`header-line${hot ? ' offending' : ''}`}>
                <dt>{escapeBidi(name)}:</dt>
                <dd>
                  {escapeBidi(shown)}
                  {shown !== value && <span class="cut"> … {value.length - MAX_SHOWN_VALUE} more characters (Copy to get all)</span>}
                </dd>
              </div>
            );
          })}
          {missing.map((name) => (
            <div key={`missing-${name}`} class="header-line offending missing">
              <dt>{name}</dt>
              <dd>not sent</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function HeadersView({ failure }: { failure: CapturedFailure }) {
  const { preflight, request, response } = failure.exchange;
  const about = (stage: 'preflight' | 'response') =>
    new Set(failure.diagnosis.checks.filter((c) => c.stage === stage && c.header).map((c) => c.header!.toLowerCase()));
  const blocks: Block[] = [
    {
      title: 'Preflight request headers',
      headers: preflight && preflight.kind !== 'not-observed' ? preflight.requestHeaders : undefined,
      absent: preflight?.kind === 'observed' || preflight?.kind === 'network-error' ? 'Not observed.' : 'No preflight was observed.',
      offending: new Set(),
    },
    {
      title: 'Preflight response headers',
      headers: preflight?.kind === 'observed' ? preflight.headers : undefined,
      absent: preflight?.kind === 'network-error' ? `No response: ${preflight.error}.` : 'No preflight response was observed.',
      offending: preflight?.kind === 'observed' ? about('preflight') : new Set(),
    },
    {
      title: 'Request headers',
      headers: request.headers,
      absent: failure.diagnosis.stage === 'preflight' ? 'Never sent: the preflight failed.' : 'Not observed.',
      offending: new Set(),
    },
    {
      title: 'Response headers',
      headers: response?.headers,
      absent: failure.diagnosis.stage === 'preflight' ? 'No response: the request was never sent.' : request.error ? `No response: ${request.error}.` : 'Not observed.',
      offending: response ? about('response') : new Set(),
    },
  ];
  return (
    <div class="header-blocks">
      {blocks.map((b) => (
        <HeaderBlock key={b.title} block={b} />
      ))}
    </div>
  );
}
