// The detail view, fixes and reports load on first use (dynamic import). On a loaded 2-core CI
// machine that first import can take over a second, testing-library's default wait: a findBy
// that would pass waits longer instead of failing. A findBy that can never pass still fails.
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 10_000 });
