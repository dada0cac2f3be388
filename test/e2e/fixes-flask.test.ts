// The generated flask fix run for real in Debian's packages: the six journey cases
// (python-fix-journey.ts), each from a failing request in Chromium to a passing one.
import { describePythonJourney } from './python-fix-journey';

describePythonJourney('flask');
