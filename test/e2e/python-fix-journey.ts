// The six journey cases (app-fix-journey.ts) for a Python stack, run in Debian's framework
// (test/fixtures/fixes/python.ts). Without CORS, Flask answers OPTIONS itself with 200 and no CORS
// headers, Django's require_http_methods and FastAPI answer 405; the error-page route raises, so
// the framework's own 500 page answers (Flask's HTML, Django's "Server Error (500)", Starlette's
// plain text).
import { pythonStackVersion, requirePython, startPythonApp, type PythonStack } from '../fixtures/fixes/python';
import { describeAppJourney } from './app-fix-journey';

/** How the fix says the request is credentialed, per stack. */
const CREDENTIALS_LINE: Record<PythonStack, string> = {
  flask: 'supports_credentials=True,',
  django: 'CORS_ALLOW_CREDENTIALS = True',
  fastapi: 'allow_credentials=True,',
};

export function describePythonJourney(stack: PythonStack): void {
  describeAppJourney({
    stack,
    runtime: `${pythonStackVersion(stack)} (Debian)`,
    require: () => requirePython(stack),
    failure: 'raise',
    start: (route) => startPythonApp(stack, [route]),
    credentialsLine: CREDENTIALS_LINE[stack],
  });
}
