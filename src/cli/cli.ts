// The program: the CLI build's entry, and `tsx src/cli/cli.ts` from source.
import { runProcess } from './main';

runProcess();
