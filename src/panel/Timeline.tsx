// What happened, in order: the page's request, its preflight (or why none was seen), the actual
// response (or why there is none). Built from the exchange; decides nothing.
import { headerValues } from '../core/headers';
import type { HeaderList } from '../core/exchange';
import type { CapturedFailure } from '../shared/messages';
import { CodeText } from './CodeText';

type StepState = 'ok' | 'bad' | 'skipped' | 'info';

interface Step {
  title: string;
  what: string;
  state: StepState;
  detail?: string;
}

/** Where a 3xx pointed: the recorded redirect, else its Location header. */
function redirectOf(hop: { status: number; headers: HeaderList; redirectTo?: string }): string | undefined {
  if (hop.redirectTo) return hop.redirectTo;
  return hop.status >= 300 && hop.status < 400 ? headerValues(hop.headers, 'location')[0] : undefined;
}

function steps(f: CapturedFailure): Step[] {
  const { request, preflight, response } = f.exchange;
  const d = f.diagnosis;
  const out: Step[] = [];
  const creds = `credentials ${d.credentials.mode}${d.credentials.assumed ? ' (assumed)' : ''}`;
  out.push({
    title: 'Request',
    what: `${request.method} ${request.url}`,
    state: 'info',
    detail: [
      `from origin ${d.origin.sent ?? request.origin ?? 'unknown'}`,
      request.initiatorType ? `by ${request.initiatorType}` : '',
      creds,
      request.initialUrl ? `redirected from ${request.initialUrl}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  });
  if (preflight?.kind === 'observed') {
    const ok = d.stage !== 'preflight';
    out.push({
      title: 'Preflight',
      what: `OPTIONS → HTTP ${preflight.status}${redirectOf(preflight) ? ` → ${redirectOf(preflight)}` : ''}`,
      state: ok ? 'ok' : 'bad',
      detail: d.cache.explanation,
    });
  } else if (preflight?.kind === 'network-error') {
    out.push({ title: 'Preflight', what: `never reached the server (${preflight.error})`, state: 'bad' });
  } else if (d.cache.servedFromCache) {
    out.push({ title: 'Preflight', what: 'served from cache: no OPTIONS was sent', state: 'info', detail: d.cache.explanation });
  } else if (d.preflightNeeded === false) {
    out.push({ title: 'Preflight', what: 'none: a simple request needs no preflight', state: 'skipped' });
  } else {
    out.push({ title: 'Preflight', what: 'not observed', state: 'skipped', detail: d.cache.explanation });
  }
  if (response) {
    out.push({
      title: 'Response',
      what: `HTTP ${response.status}${redirectOf(response) ? ` → ${redirectOf(response)}` : ''}`,
      state: d.stage === 'response' ? 'bad' : 'ok',
      ...(request.error ? { detail: `The page got ${request.error} instead of the response.` } : {}),
    });
  } else if (d.stage === 'preflight' || preflight?.kind === 'network-error') {
    out.push({ title: 'Response', what: `never sent: the browser stopped after the preflight${request.error ? ` (${request.error})` : ''}`, state: 'skipped' });
  } else if (request.error) {
    out.push({ title: 'Response', what: `none: ${request.error}`, state: 'bad' });
  } else {
    out.push({ title: 'Response', what: 'not observed', state: 'skipped' });
  }
  return out;
}

export function Timeline({ failure }: { failure: CapturedFailure }) {
  return (
    <ol class="timeline">
      {steps(failure).map((s) => (
        <li key={s.title} class={`step ${s.state}`}>
          <span class="step-title">{s.title}</span>
          <span class="step-what">{s.what}</span>
          {s.detail && (
            <span class="step-detail">
              <CodeText text={s.detail} />
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
